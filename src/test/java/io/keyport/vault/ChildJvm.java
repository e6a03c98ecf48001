package io.keyport.vault;

import io.keyport.testing.ChildJava;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@link VaultChild} in a fresh JVM, optionally behind a wrapper command, with its own
 * environment.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** The output lines of the child; it must exit 0 within two minutes. */
  static List<String> run(
      List<String> wrapper, Consumer<Map<String, String>> env, String stdin, String... childArgs) {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(ChildJava.command(List.of(), VaultChild.class.getName(), childArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    env.accept(builder.environment());
    try {
      Path err = Files.createTempFile("keyport-child-", ".err");
      builder.redirectError(err.toFile());
      Process process = builder.start();
      try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
        in.write(stdin + "\n");
      }
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the child JVM did not end");
      }
      String errText = Files.readString(err);
      Files.deleteIfExists(err);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "the child JVM failed ("
                + process.exitValue()
                + "): "
                + new String(out, StandardCharsets.UTF_8)
                + errText);
      }
      return new String(out, StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith(VaultChild.PREFIX))
          .map(l -> l.substring(VaultChild.PREFIX.length()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
