package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.Keyport;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.core.MasterKeyCheck;
import io.keyport.server.crypto.MasterKey;
import io.keyport.testing.Http;
import io.keyport.testing.LogCapture;
import io.keyport.testing.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every instance on one PostgreSQL database needs the same master key: one started with another key
 * refuses to start and says what to do, without showing either key; with the key copied over it
 * starts. {@code server --help} says so too.
 */
class MasterKeyMismatchTest {

  static ServerConfig withDataDir(ServerConfig c, Path dataDir) {
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
        c.embedded(),
        c.dbTimeout(),
        c.trustedProxies(),
        c.replaceMasterKey());
  }

  @Test
  void aSecondInstanceWithAnotherKeyRefusesToStartSayingWhatToDoAndStartsWithTheSameKey()
      throws Exception {
    ServerConfig first = TestServers.POSTGRES.config().withSignup(true);
    ServerConfig second = withDataDir(first, TestServers.newDataDir());
    try (KeyportServer running = KeyportServer.start(first);
        LogCapture log = LogCapture.start()) {
      assertThatThrownBy(() -> KeyportServer.start(second))
          .isInstanceOf(MasterKeyCheck.KeyMismatch.class)
          .hasMessageContaining("same key")
          .hasMessageContaining(MasterKey.ENV)
          .hasMessageContaining(MasterKey.FILE_NAME)
          .hasMessageContaining("--replace-master-key")
          .satisfies(
              e -> {
                for (Path dir : new Path[] {first.dataDir(), second.dataDir()}) {
                  String key =
                      Files.readString(dir.resolve(MasterKey.FILE_NAME), StandardCharsets.US_ASCII)
                          .strip();
                  assertThat(e.getMessage()).doesNotContain(key);
                  assertThat(String.join("\n", log.lines())).doesNotContain(key);
                }
              });

      // The fix the message gives: the same master.key.
      Files.copy(
          first.dataDir().resolve(MasterKey.FILE_NAME),
          second.dataDir().resolve(MasterKey.FILE_NAME),
          StandardCopyOption.REPLACE_EXISTING);
      try (KeyportServer other = KeyportServer.start(second.withPort(0))) {
        assertThat(Http.to(other.baseUrl()).get("/health/ready").status()).isIn(200, 503);
        assertThat(Http.to(running.baseUrl()).get("/health").status()).isEqualTo(200);
      }
    }
  }

  @Test
  void serverHelpSaysEveryInstanceNeedsTheSameKeyAndHowToBackItUp() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Keyport());
    cli.setOut(new PrintWriter(out));
    cli.execute("server", "--help");
    assertThat(out.toString())
        .contains("KEYPORT_MASTER_KEY")
        .contains("master.key")
        .contains("SAME key")
        .contains("Back the key up")
        .contains("--trust-proxy")
        .contains("--db-timeout")
        .contains("/health/ready");
  }
}
