package io.keyport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.testing.LogCapture;
import io.keyport.testing.Requirements;
import io.keyport.testing.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The data folder holds password hashes, sealed client secrets and the master key: the server
 * creates it owner-only (700), makes its files owner-only (600), and warns at start when an
 * existing folder is open to other users. POSIX file systems only. On H2 (database and master key
 * in the folder) and PostgreSQL (the master key alone).
 */
class DataFolderTest {

  abstract static class Contract {
    abstract TestServers backend();

    @BeforeEach
    void posixOnly() throws IOException {
      Requirements.require(
          Files.getFileStore(TestServers.newDataDir()).supportsFileAttributeView("posix"),
          "a POSIX file system for the temporary folder");
    }

    /** The backend's config with {@code dataDir} as its data folder. */
    ServerConfig in(Path dataDir) {
      ServerConfig c = backend().config();
      return new ServerConfig(
          c.bind(),
          c.port(),
          dataDir,
          c.dbUrl(),
          c.dbUser(),
          c.dbPassword(),
          c.signup(),
          c.publicUrl(),
          c.readLimit(),
          c.writeLimit(),
          c.anonLimit(),
          c.embedded());
    }

    static String mode(Path p) throws IOException {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** The regular files of the folder with their modes, e.g. "master.key rw-------". */
    static List<String> files(Path dir) throws IOException {
      List<String> out = new ArrayList<>();
      try (Stream<Path> all = Files.list(dir)) {
        for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
          out.add(p.getFileName() + " " + mode(p));
        }
      }
      return out;
    }

    abstract List<String> expectedFiles();

    @Test
    void aNewDataFolderAndItsFilesAreOwnerOnly() throws IOException {
      Path dir = TestServers.newDataDir().resolve("new").resolve("data");
      try (LogCapture log = LogCapture.start()) {
        KeyportServer.start(in(dir)).close();
        assertThat(log.lines()).noneMatch(l -> l.contains("open to other users"));
      }
      assertThat(mode(dir)).isEqualTo("rwx------");
      assertThat(files(dir))
          .containsAll(expectedFiles())
          .allMatch(f -> f.endsWith(" rw-------"), "owner-only");
    }

    @Test
    void anOpenFolderIsWarnedAboutAndTheServersFilesAreMadeOwnerOnly() throws IOException {
      Path dir = TestServers.newDataDir().resolve("open");
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      KeyportServer.start(in(dir)).close();
      for (String f : files(dir)) {
        Path file = dir.resolve(f.substring(0, f.indexOf(' ')));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try (LogCapture log = LogCapture.start()) {
        KeyportServer.start(in(dir)).close();
        assertThat(log.lines())
            .anyMatch(
                l ->
                    l.startsWith("WARN")
                        && l.contains(dir.toString())
                        && l.contains("open to other users")
                        && l.contains("rwxr-xr-x"));
      }
      assertThat(mode(dir)).isEqualTo("rwxr-xr-x"); // the owner's choice, warned about
      assertThat(files(dir))
          .containsAll(expectedFiles())
          .allMatch(f -> f.endsWith(" rw-------"), "owner-only");
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    TestServers backend() {
      return TestServers.H2;
    }

    @Override
    List<String> expectedFiles() {
      return List.of("keyport.mv.db rw-------", "master.key rw-------");
    }
  }

  @Nested
  class OnPostgres extends Contract {
    @Override
    TestServers backend() {
      return TestServers.POSTGRES;
    }

    @Override
    List<String> expectedFiles() {
      return List.of("master.key rw-------");
    }
  }
}
