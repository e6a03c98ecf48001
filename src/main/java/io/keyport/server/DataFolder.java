package io.keyport.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's data folder holds password hashes and sealed client secrets (H2's {@code
 * keyport.mv.db}) and the master key: it is created for its owner only ({@code rwx------}), the
 * server's files in it are made owner-only ({@code rw-------}), and an existing folder other users
 * may enter is warned about at start. On file systems without POSIX permissions (Windows) nothing
 * of this applies and nothing is said.
 */
public final class DataFolder {
  private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /**
   * The files the server keeps in the folder: H2's ({@code keyport.mv.db}, its trace and lock
   * files).
   */
  static final String FILE_PREFIX = "keyport.";

  private DataFolder() {}

  /** Creates {@code dir} (and missing parents) owner-only when it does not exist yet. */
  public static void create(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      Path parent = dir.toAbsolutePath().getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent != null && isPosix(parent)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        // the process's umask may only take bits away; say it exactly
        Files.setPosixFilePermissions(dir, FOLDER);
      } else {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dir, e);
    }
  }

  /**
   * At start: creates the folder if need be, and warns when other users may enter or read it (its
   * mode is left as the owner chose; the server's own files are made owner-only anyway).
   */
  public static void check(Path dir) {
    create(dir);
    try {
      if (!isPosix(dir)) {
        return;
      }
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(dir);
      if (!FOLDER.containsAll(now)) {
        LOG.warn(
            "The data folder {} is open to other users ({}); it holds password hashes and sealed client"
                + " secrets: make it owner-only (chmod 700)",
            dir,
            PosixFilePermissions.toString(now));
      }
    } catch (IOException e) {
      LOG.warn(
          "Cannot read the permissions of the data folder {} ({})",
          dir,
          e.getClass().getSimpleName());
    }
  }

  /** Makes the server's files in {@code dir} owner-only, saying so for each that was not. */
  public static void tightenFiles(Path dir) {
    try {
      if (!Files.isDirectory(dir) || !isPosix(dir)) {
        return;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, FILE_PREFIX + "*")) {
        for (Path file : files) {
          if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
          if (!FILE.containsAll(now)) {
            Files.setPosixFilePermissions(file, EnumSet.copyOf(FILE));
            LOG.info("Made {} owner-only (was {})", file, PosixFilePermissions.toString(now));
          }
        }
      }
    } catch (IOException e) {
      LOG.warn(
          "Cannot make the files of the data folder {} owner-only ({})",
          dir,
          e.getClass().getSimpleName());
    }
  }

  static boolean isPosix(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView("posix");
  }
}
