package io.keyport.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Child processes of the harness: started with a clean environment tweak, their output kept with
 * arrival times.
 */
final class Procs {
  private Procs() {}

  /**
   * A started child; its output lines (stdout and stderr merged) with the nanoTime each arrived.
   */
  static final class Child implements AutoCloseable {
    final Process process;
    final long startedNanos;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();
    private final Path log;
    private boolean drained;

    private Child(Process process, long startedNanos, Path log) {
      this.process = process;
      this.startedNanos = startedNanos;
      this.log = log;
      Thread reader = new Thread(this::pump, "bench-child-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void pump() {
      try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
          var out = log == null ? null : Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          long now = System.nanoTime();
          synchronized (this) {
            lines.add(line);
            arrivals.add(now);
            notifyAll();
          }
          if (out != null) {
            out.write(line);
            out.newLine();
            out.flush();
          }
        }
      } catch (IOException e) {
        // the child went away
      } finally {
        synchronized (this) {
          drained = true;
          notifyAll();
        }
      }
    }

    /**
     * The whole output once the child has exited and its pipe is read to the end (a process's exit
     * can be seen before the reader has its last lines: a loaded machine lost wrk's summary so).
     */
    synchronized List<String> outputToTheEnd(long timeoutMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (!drained && System.currentTimeMillis() < deadline) {
        wait(Math.max(1, Math.min(100, deadline - System.currentTimeMillis())));
      }
      return List.copyOf(lines);
    }

    /**
     * Waits for a line matching {@code regex}; returns the match and when the line arrived, or null
     * on timeout/exit.
     */
    synchronized Seen await(Pattern regex, long timeoutMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      int checked = 0;
      while (true) {
        for (; checked < lines.size(); checked++) {
          Matcher m = regex.matcher(lines.get(checked));
          if (m.find()) {
            return new Seen(m, arrivals.get(checked));
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0 || (!process.isAlive() && checked >= lines.size())) {
          if (!process.isAlive()) {
            // one last look after the reader drained the pipe
            wait(50);
            if (checked < lines.size()) {
              continue;
            }
          }
          return null;
        }
        wait(Math.min(left, 100));
      }
    }

    synchronized List<String> output() {
      return List.copyOf(lines);
    }

    int waitFor(long timeoutMillis) throws InterruptedException {
      if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        close();
        return -1;
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  record Seen(Matcher match, long arrivedNanos) {}

  static Child start(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      long t0 = System.nanoTime();
      Process p = pb.start();
      return new Child(p, t0, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Runs to completion and returns the output; fails on a non-zero exit. */
  static String run(List<String> command, Map<String, String> env, long timeoutMillis) {
    try (Child c = start(command, env, null)) {
      int exit = c.waitFor(timeoutMillis);
      String out = String.join("\n", c.outputToTheEnd(10_000));
      if (exit != 0) {
        throw new IllegalStateException(command.get(0) + " exited " + exit + ":\n" + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
