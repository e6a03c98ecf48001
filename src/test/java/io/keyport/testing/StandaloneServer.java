package io.keyport.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keyport server …} as a separate process (java -cp with this JVM's test classpath, main
 * {@code io.keyport.Keyport}), its port read from the line "Keyport server listening on …". For
 * tests that kill it ({@link #kill}: kill -9) or stop it ({@link #terminate}: SIGTERM).
 */
public final class StandaloneServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Keyport server listening on (\\S+)");

  private final Process process;
  private final List<String> output = new ArrayList<>();
  private final CompletableFuture<URI> listening = new CompletableFuture<>();
  private final Thread reader;

  private StandaloneServer(Process process) {
    this.process = process;
    this.reader = new Thread(this::readOutput, "standalone-server-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code keyport server args…} and waits (up to 60 s) until it listens. */
  public static StandaloneServer start(String... args) {
    List<String> serverArgs = new ArrayList<>(List.of("server"));
    serverArgs.addAll(List.of(args));
    List<String> command =
        ChildJava.command(
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"),
            "io.keyport.Keyport",
            serverArgs);
    try {
      StandaloneServer server =
          new StandaloneServer(new ProcessBuilder(command).redirectErrorStream(true).start());
      server.awaitListening();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    try {
      listening.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("the server did not start; its output: " + output(), e);
    }
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (output) {
          output.add(line);
          output.notifyAll();
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(URI.create(m.group(1)));
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    } finally {
      listening.completeExceptionally(new IllegalStateException("the server exited"));
      synchronized (output) {
        output.notifyAll();
      }
    }
  }

  public URI baseUrl() {
    return listening.join();
  }

  public Process process() {
    return process;
  }

  /** Everything the process printed so far. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** Waits (up to 30 s) until the process prints a line containing {@code text}. */
  public String awaitOutput(String text) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    synchronized (output) {
      while (true) {
        for (String line : output) {
          if (line.contains(text)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no output line with '" + text + "'; got " + output);
        }
        try {
          output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** kill -9: the process ends at once, mid-whatever. */
  public void kill() {
    process
        .toHandle()
        .destroyForcibly(); // the handle: Process.destroy* would also close our end of its output
    awaitExit();
  }

  /** SIGTERM, then waits for the exit; returns the exit code. */
  public int terminate() {
    process.toHandle().destroy();
    return awaitExit();
  }

  public int awaitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the server did not exit; its output: " + output());
      }
      reader.join(10_000); // everything it printed is in output()
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit();
    }
  }
}
