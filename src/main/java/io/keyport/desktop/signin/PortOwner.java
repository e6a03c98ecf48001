package io.keyport.desktop.signin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which program listens on a TCP port, to name it when the port a callback needs is taken. Best
 * effort and Linux only: the listening socket's inode from {@code /proc/net/tcp} and {@code tcp6},
 * then the process holding that socket among {@code /proc/<pid>/fd} (only the user's own processes
 * are readable), and its name from {@code /proc/<pid>/comm}. Empty whenever any of it is not found.
 */
public final class PortOwner {
  private static final String LISTEN = "0A";
  private static final int MAX_PROCESSES = 4000;

  private final Path proc;

  PortOwner(Path proc) {
    this.proc = proc;
  }

  /** "python3 (process 1234)", or empty. */
  public static Optional<String> of(int port) {
    return new PortOwner(Path.of("/proc")).find(port);
  }

  Optional<String> find(int port) {
    try {
      Set<String> inodes = new HashSet<>();
      for (String table : List.of("net/tcp", "net/tcp6")) {
        Path file = proc.resolve(table);
        if (Files.isReadable(file)) {
          inodes.addAll(listening(Files.readAllLines(file), port));
        }
      }
      inodes.remove("0");
      if (inodes.isEmpty()) {
        return Optional.empty();
      }
      return holder(inodes);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The inodes of the sockets listening on {@code port} in one {@code /proc/net/tcp} table. */
  static Set<String> listening(List<String> lines, int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    Set<String> out = new HashSet<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10) {
        continue;
      }
      String local = f[1];
      if (local.endsWith(":" + hexPort) && LISTEN.equals(f[3])) {
        out.add(f[9]);
      }
    }
    return out;
  }

  private Optional<String> holder(Set<String> inodes) throws IOException {
    int seen = 0;
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        if (++seen > MAX_PROCESSES) {
          break;
        }
        if (holds(pid.resolve("fd"), inodes)) {
          String name = Files.readString(pid.resolve("comm")).strip();
          return Optional.of(name + " (process " + pid.getFileName() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean holds(Path fds, Set<String> inodes) {
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path fd : links) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")
              && inodes.contains(target.substring(8, target.length() - 1))) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // gone meanwhile, or not ours to read
        }
      }
    } catch (IOException | SecurityException e) {
      // another user's process
    }
    return false;
  }
}
