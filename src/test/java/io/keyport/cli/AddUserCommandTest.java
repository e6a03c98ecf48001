package io.keyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.Keyport;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code keyport server add-user NAME}: password from standard input, same database options as the
 * server.
 */
class AddUserCommandTest {
  static final String PASSWORD = "a long enough password";

  record Run(int exit, String out, String err) {}

  static Run run(String stdin, String... args) {
    InputStream before = System.in;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      CommandLine cli = new CommandLine(new Keyport());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      return new Run(exit, out.toString(), err.toString());
    } finally {
      System.setIn(before);
    }
  }

  static String[] args(ServerConfig config, String... rest) {
    List<String> all = new ArrayList<>(List.of("server", "add-user"));
    all.addAll(List.of(rest));
    all.add("--data");
    all.add(config.dataDir().toString());
    if (config.dbUrl() != null) {
      all.addAll(List.of("--db-url", config.dbUrl(), "--db-user", config.dbUser()));
    }
    return all.toArray(String[]::new);
  }

  static void assertSignsIn(ServerConfig config, String username, String password) {
    try (KeyportServer server = KeyportServer.start(config)) {
      Http.Response r =
          Http.to(server.baseUrl())
              .postForm(
                  "/oauth/access_token",
                  "grant_type=password&client_id=keyport-desktop&username="
                      + username
                      + "&password="
                      + URLEncoder.encode(password, StandardCharsets.UTF_8));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().path("token").path("user").path("username").asText()).isEqualTo(username);
    }
  }

  void addsAUserTheServerThenSignsIn(TestServers backend) {
    ServerConfig config = backend.config();
    Run run = run(PASSWORD + "\n", args(config, "alice", "--name", "Alice A."));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Added user alice");
    assertThat(run.out() + run.err()).doesNotContain(PASSWORD);

    Run again = run("another good password\n", args(config, "alice"));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("taken");

    assertSignsIn(config, "alice", PASSWORD);
  }

  @Test
  void onH2() {
    addsAUserTheServerThenSignsIn(TestServers.H2);
  }

  @Test
  void onPostgres() {
    addsAUserTheServerThenSignsIn(TestServers.POSTGRES);
  }

  @Test
  void aWindowsLineEndIsNotPartOfThePassword() {
    ServerConfig config = TestServers.H2.config();
    assertThat(run(PASSWORD + "\r\n", args(config, "bob")).exit()).isZero();
    assertSignsIn(config, "bob", PASSWORD);
  }

  @Test
  void badInputIsRefusedWithTheRule() {
    ServerConfig config = TestServers.H2.config();
    Run shortPassword = run("short\n", args(config, "carol"));
    assertThat(shortPassword.exit()).isEqualTo(1);
    assertThat(shortPassword.err()).contains("password").contains("10");
    assertThat(shortPassword.err()).doesNotContain("short\n");

    Run badName = run(PASSWORD + "\n", args(config, "Carol!"));
    assertThat(badName.exit()).isEqualTo(1);
    assertThat(badName.err()).contains("username");

    Run empty = run("", args(config, "carol"));
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("No password");
  }
}
