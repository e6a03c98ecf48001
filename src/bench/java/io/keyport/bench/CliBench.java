package io.keyport.bench;

import io.keyport.api.TokenFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code keyport scan} over a generated tree of source text (1 GiB, 64 MiB in a
 * quick run; a known number of real tokens planted among look-alikes), and {@code keyport token} to
 * its answer when nothing is kept (index read, no keychain call), each as its own JVM from the jar.
 */
final class CliBench {
  private final Bench bench;

  CliBench(Bench bench) {
    this.bench = bench;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    long megabytes = Long.getLong("bench.scanMegabytes", bench.quick ? 64 : 1024);
    Path tree = bench.dir.resolve("scan-tree");
    int planted = generate(tree, megabytes);
    bench.log("scan tree: " + megabytes + " MiB, " + planted + " tokens planted");
    List<Double> scanMs = new ArrayList<>();
    int runs = bench.quick ? 2 : 3;
    long found = -1;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Result r = keyport(List.of("scan", "--all", tree.toString()), Map.of());
      scanMs.add((System.nanoTime() - t0) / 1e6);
      found = r.out().lines().count();
      if (r.exit() != 1) {
        throw new IllegalStateException("scan exited " + r.exit() + ", expected 1 (found)");
      }
    }
    Map<String, Object> scan = new LinkedHashMap<>();
    scan.put("megabytes", megabytes);
    scan.put("planted", planted);
    scan.put("found", found);
    scan.put("ms", Stats.summary(scanMs));
    double median = Stats.median(scanMs);
    scan.put("megabytes_per_s", Stats.round(megabytes / (median / 1000)));
    scan.put("seconds_per_gib", Stats.round(median / 1000 * 1024 / megabytes));
    out.put("scan", scan);

    Path config = Files.createDirectories(bench.dir.resolve("cli-config"));
    List<Double> tokenMs = new ArrayList<>();
    for (int i = 0; i < bench.startupRuns; i++) {
      long t0 = System.nanoTime();
      Result r =
          keyport(List.of("token", "no such app"), Map.of("XDG_CONFIG_HOME", config.toString()));
      tokenMs.add((System.nanoTime() - t0) / 1e6);
      if (r.exit() != 1) {
        throw new IllegalStateException("token exited " + r.exit() + ", expected 1 (none kept)");
      }
    }
    out.put("token_none_kept_ms", Stats.summary(tokenMs));
    return out;
  }

  /** Files of ~1 MiB of Java-like text; every 16th holds a real token, every 8th a look-alike. */
  private static int generate(Path tree, long megabytes) throws IOException {
    Path done = tree.resolve(".generated-" + megabytes);
    if (Files.exists(done)) {
      return (int) ((megabytes + 15) / 16);
    }
    Files.createDirectories(tree);
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < (1 << 20); i++) {
      text.append("  public String keyFor")
          .append(i)
          .append("(String kpu, int kp_a) { return kpu + \"_\" + kp_a; }\n");
    }
    byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
    int planted = 0;
    for (long f = 0; f < megabytes; f++) {
      Path dir = Files.createDirectories(tree.resolve("d" + (f % 32)));
      try (OutputStream o = Files.newOutputStream(dir.resolve("F" + f + ".java"))) {
        o.write(body);
        if (f % 16 == 0) {
          o.write(
              ("String t = \"" + TokenFormat.generate(TokenFormat.Kind.USER).reveal() + "\";\n")
                  .getBytes(StandardCharsets.US_ASCII));
          planted++;
        } else if (f % 8 == 0) {
          o.write(
              ("String t = \"kpu_" + "Q".repeat(36) + "\";\n").getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
    Files.createFile(done);
    return planted;
  }

  record Result(int exit, String out) {}

  private Result keyport(List<String> args, Map<String, String> env) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(Procs.javaBin(), "-cp", bench.jar.toString(), "io.keyport.Keyport"));
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    b.environment().putAll(env);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("keyport " + args.get(0) + " did not end");
    }
    return new Result(p.exitValue(), out);
  }
}
