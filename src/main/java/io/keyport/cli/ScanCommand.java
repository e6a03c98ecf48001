package io.keyport.cli;

import io.keyport.cli.TokenScanner.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyport scan [PATH…]}: Keyport tokens and client secrets in files, found by prefix, length
 * and checksum; each shown as {@code file:line:col prefix_…last4}, never whole.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Find Keyport tokens and client secrets in files (fit for a pre-commit hook).",
      "Tokens (kpu_, kpa_) and client secrets (kps_) are recognised by prefix,",
      "length and checksum, so look-alikes are not reported. Each finding shows",
      "as file:line:col prefix_…last4, never whole. In a git work tree only the",
      "files git would track are read (.gitignore is honoured); binaries are",
      "skipped.",
      "",
      "  keyport scan             # the current folder",
      "  keyport scan --staged    # what `git commit` is about to record",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing found",
      "1:tokens or client secrets found",
      "2:an error (a path that does not exist, git failed)"
    })
public final class ScanCommand implements Callable<Integer> {
  static final int FOUND = 1;
  static final int ERROR = 2;
  private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@");

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Files or folders (default: the current folder).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--all",
      description = "Scan ignored files too: walk the folders, ignoring .gitignore.")
  boolean all;

  @Option(
      names = "--staged",
      description = "Scan the lines added in staged changes (git diff --cached).")
  boolean staged;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Finding> found;
    try {
      found =
          staged ? scanStaged(paths.isEmpty() ? Path.of("") : paths.get(0)) : scanFiles(files(err));
    } catch (ScanError e) {
      err.println("keyport scan: " + e.getMessage());
      err.flush();
      return ERROR;
    }
    for (Finding f : found) {
      out.println(f.show());
    }
    out.flush();
    if (!found.isEmpty()) {
      err.println(
          "keyport scan: "
              + found.size()
              + (found.size() == 1 ? " Keyport secret" : " Keyport secrets")
              + " found. Remove "
              + (found.size() == 1 ? "it" : "them")
              + " and revoke "
              + (found.size() == 1 ? "it" : "them")
              + " in Keyport: a secret that was written down is no longer secret.");
      err.flush();
    }
    return found.isEmpty() ? 0 : FOUND;
  }

  /** A file to scan and the name its findings show. */
  record Target(Path path, String shown) {}

  private List<Target> files(PrintWriter err) {
    List<Path> roots = paths.isEmpty() ? List.of(Path.of("")) : paths;
    List<Target> targets = new ArrayList<>();
    for (Path root : roots) {
      Path real = root.toString().isEmpty() ? Path.of(".") : root;
      if (!Files.exists(real)) {
        throw new ScanError(root + ": no such file or folder");
      }
      if (!Files.isDirectory(real)) {
        targets.add(new Target(real, root.toString()));
      } else if (!all && insideGitWorkTree(real)) {
        for (String name : git(real, "ls-files", "-co", "--exclude-standard", "-z").split("\0")) {
          if (!name.isEmpty()) {
            Path file = root.resolve(name);
            if (Files.isRegularFile(real.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
              targets.add(new Target(real.resolve(name), file.toString()));
            }
          }
        }
      } else {
        walk(root, real, targets);
      }
    }
    return targets;
  }

  private static void walk(Path root, Path real, List<Target> targets) {
    try {
      Files.walkFileTree(
          real,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.getFileName() != null && ".git".equals(dir.getFileName().toString())
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                targets.add(new Target(file, root.resolve(real.relativize(file)).toString()));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new ScanError(root + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Scans the files on every core; findings in file order, then line and column. */
  private static List<Finding> scanFiles(List<Target> targets) {
    ConcurrentLinkedQueue<Finding> found = new ConcurrentLinkedQueue<>();
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), targets.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread t = new Thread(task, "keyport-scan");
              t.setDaemon(true);
              return t;
            });
    try {
      List<CompletableFuture<Void>> work = new ArrayList<>();
      int slice = Math.max(1, targets.size() / (threads * 8));
      for (int start = 0; start < targets.size(); start += slice) {
        List<Target> part = targets.subList(start, Math.min(targets.size(), start + slice));
        work.add(
            CompletableFuture.runAsync(
                () -> {
                  for (Target t : part) {
                    try {
                      found.addAll(TokenScanner.scanFile(t.path(), t.shown()));
                    } catch (IOException e) {
                      // A file that went away or cannot be read holds nothing we can report.
                    }
                  }
                },
                pool));
      }
      CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }
    List<Finding> sorted = new ArrayList<>(found);
    sorted.sort(
        Comparator.comparing(Finding::file)
            .thenComparingLong(Finding::line)
            .thenComparingLong(Finding::column));
    return sorted;
  }

  /**
   * The lines added in the staged changes of the repository at {@code dir}, as the commit will have
   * them.
   */
  static List<Finding> scanStaged(Path dir) {
    Path real = dir.toString().isEmpty() ? Path.of(".") : dir;
    String diff =
        git(
            real,
            "-c",
            "core.quotePath=false",
            "diff",
            "--cached",
            "--no-color",
            "--no-ext-diff",
            "--unified=0",
            "--diff-filter=d");
    List<Finding> found = new ArrayList<>();
    String file = null;
    long line = 0;
    for (String text : diff.split("\n", -1)) {
      if (text.startsWith("+++ ")) {
        String name = text.substring(4);
        file = name.startsWith("b/") ? name.substring(2) : null;
      } else if (text.startsWith("@@")) {
        Matcher m = HUNK.matcher(text);
        line = m.find() ? Long.parseLong(m.group(1)) : 0;
      } else if (file != null && text.startsWith("+")) {
        TokenScanner.scanLine(file, line, text.substring(1), found);
        line++;
      }
    }
    return found;
  }

  private static boolean insideGitWorkTree(Path dir) {
    try {
      return "true"
          .equals(run(dir, List.of("git", "rev-parse", "--is-inside-work-tree"), false).strip());
    } catch (ScanError e) {
      return false;
    }
  }

  private static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    return run(dir, command, true);
  }

  /** Runs a command in {@code dir}; its standard output, or a ScanError. */
  private static String run(Path dir, List<String> command, boolean reportErrors) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectError(
        reportErrors ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (InputStream in = process.getInputStream()) {
        in.transferTo(bytes);
      }
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new ScanError(
            String.join(" ", command.subList(0, Math.min(command.size(), 3)))
                + " failed in "
                + dir);
      }
      return bytes.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScanError(
          "cannot run git (" + e.getMessage() + "); install git, or scan with --all");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScanError("interrupted");
    }
  }

  /** What stops a scan: said on standard error, exit code 2. */
  static final class ScanError extends RuntimeException {
    ScanError(String message) {
      super(message, null, false, false);
    }
  }
}
