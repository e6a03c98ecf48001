package io.keyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.Keyport;
import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.api.TokenFormat;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.token.AppTokens;
import io.keyport.testing.ChildJava;
import io.keyport.testing.Requirements;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.KeychainVault;
import io.keyport.vault.VaultKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyport token}, {@code run} and {@code tokens} against tokens the desktop kept (through
 * its own AppTokens.keep, in the real keychain), each run as the installed CLI runs: a JVM of its
 * own with the user's folders in its environment. Needs an unlocked Secret Service: run inside
 * {@code dbus-run-session -- bash .ci/with-keyring mvn …}.
 */
class ScriptTokensTest {
  static final URI TEAM = URI.create("https://team-" + System.nanoTime() + ".invalid");

  @TempDir Path home;
  Path config;
  Path data;
  KeychainVault vault;
  final List<VaultKey> kept = new ArrayList<>();
  final Secret deployToken = TokenFormat.generate(TokenFormat.Kind.USER);
  final Secret twinEmbedded = TokenFormat.generate(TokenFormat.Kind.USER);
  final Secret twinTeam = TokenFormat.generate(TokenFormat.Kind.USER);
  final App deploy = app("Deploy Bot");
  final App twinHere = app("Twin");
  final App twinThere = app("Twin");
  byte[] indexBefore;

  @BeforeEach
  void theDesktopKeptThreeTokens() throws IOException {
    config = home.resolve("config");
    data = Files.createDirectories(home.resolve("data"));
    vault = new KeychainVault(config.resolve("keyport"));
    try {
      vault.read(new VaultKey("http://probe.invalid", "nobody", "probe"));
    } catch (KeychainUnavailableException e) {
      Requirements.require(
          false,
          "an unlocked Secret Service keychain (run inside `dbus-run-session -- bash "
              + ".ci/with-keyring …`): "
              + e.getMessage());
    }
    Session embedded = new Session(URI.create("http://127.0.0.1:8470"), "alice", true, null);
    Session team = new Session(TEAM, "alice", false, null);
    keep(embedded, deploy, deployToken);
    keep(embedded, twinHere, twinEmbedded);
    keep(team, twinThere, twinTeam);
    indexBefore = Files.readAllBytes(vault.indexFile());
  }

  @AfterEach
  void forget() throws Exception {
    if (vault != null) {
      for (VaultKey k : kept) {
        vault.delete(k);
      }
      vault.close();
    }
  }

  @Test
  void tokenPrintsTheKeptTokenAndNothingElseByNameOrClientId() throws Exception {
    Cli byName = cli("token", "deploy bot");
    assertThat(byName.exit()).isZero();
    assertThat(byName.out()).isEqualTo(deployToken.reveal() + "\n");
    assertThat(byName.err()).isEmpty();

    Cli byId = cli("token", twinThere.clientId());
    assertThat(byId.exit()).isZero();
    assertThat(byId.out()).isEqualTo(twinTeam.reveal() + "\n");
    assertNothingWritten();
  }

  @Test
  void noTokenKeptIsExitOne() throws Exception {
    Cli r = cli("token", "Nobody's App");

    assertThat(r.exit()).isEqualTo(KeptTokens.NONE_KEPT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("no token kept for \"Nobody's App\"");
    assertNothingWritten();
  }

  @Test
  void anAmbiguousNameIsExitThreeAndListsTheCandidatesWithTheirClientIds() throws Exception {
    Cli r = cli("token", "Twin");

    assertThat(r.exit()).isEqualTo(KeptTokens.AMBIGUOUS);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(twinHere.clientId(), twinThere.clientId(), TEAM.toString(), "embedded server")
        .doesNotContain(twinEmbedded.reveal(), twinTeam.reveal());

    Cli narrowed = cli("token", "Twin", "--server", TEAM.toString());
    assertThat(narrowed.exit()).isZero();
    assertThat(narrowed.out()).isEqualTo(twinTeam.reveal() + "\n");
    assertNothingWritten();
  }

  @Test
  void withNoKeychainTokenAndRunAreExitTwoAndSayWhatToInstall() throws Exception {
    Consumer<Map<String, String>> noBus =
        env -> {
          env.remove("DBUS_SESSION_BUS_ADDRESS");
          env.put("XDG_RUNTIME_DIR", data.toString()); // no $XDG_RUNTIME_DIR/bus to fall back on
        };
    Cli token = cli(noBus, "token", "Deploy Bot");
    Cli run = cli(noBus, "run", "--app", "Deploy Bot", "--", "sh", "-c", "echo ran");

    for (Cli r : List.of(token, run)) {
      assertThat(r.exit()).isEqualTo(KeptTokens.KEYCHAIN_UNAVAILABLE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .contains(
              "there is no D-Bus session bus",
              "It needs a Secret Service",
              "sudo apt install gnome-keyring");
    }
    assertNothingWritten();
  }

  @Test
  void runPassesTheTokenAndTheServerInTheEnvironmentAndTheExitCodeBack() throws Exception {
    Cli r =
        cli(
            "run",
            "--app",
            "Deploy Bot",
            "--",
            "sh",
            "-c",
            "printf '%s|%s' \"$KEYPORT_TOKEN\" \"$KEYPORT_API\"; exit 7");

    assertThat(r.exit()).isEqualTo(7);
    assertThat(r.out()).isEqualTo(deployToken.reveal() + "|http://127.0.0.1:8470");

    // The desktop's embedded server found 8470 taken and listens where it recorded.
    Path keyportData = Files.createDirectories(data.resolve("keyport"));
    Files.writeString(keyportData.resolve("embedded-server.url"), "http://127.0.0.1:8473\n");
    Cli moved = cli("run", "--app", "Deploy Bot", "--", "sh", "-c", "printf '%s' \"$KEYPORT_API\"");
    assertThat(moved.out()).isEqualTo("http://127.0.0.1:8473");
    Files.delete(keyportData.resolve("embedded-server.url"));
    Files.delete(keyportData);

    Cli named =
        cli(
            "run",
            "--app",
            twinThere.clientId(),
            "--env",
            "API_TOKEN",
            "--",
            "sh",
            "-c",
            "printf '%s|%s|%s' \"$API_TOKEN\" \"${KEYPORT_TOKEN:-none}\" \"$KEYPORT_API\"");
    assertThat(named.exit()).isZero();
    assertThat(named.out()).isEqualTo(twinTeam.reveal() + "|none|" + TEAM);

    // Without --, CMD's own options stay CMD's; neither the CLI's argv nor CMD's holds the token.
    Cli argv =
        cli(
            "run",
            "--app",
            "Deploy Bot",
            "sh",
            "-c",
            "tr '\\0' ' ' < /proc/$PPID/cmdline; echo; tr '\\0' ' ' < /proc/$$/cmdline; exit 5");
    assertThat(argv.exit()).as(argv.err()).isEqualTo(5);
    assertThat(argv.out())
        .contains(Keyport.class.getName() + " run --app Deploy Bot sh -c")
        .doesNotContain(deployToken.reveal());

    Cli missing = cli("run", "--app", "Nobody's App", "--", "sh", "-c", "echo ran");
    assertThat(missing.exit()).isEqualTo(KeptTokens.NONE_KEPT);
    assertThat(missing.out()).isEmpty();
    assertNothingWritten();
  }

  @Test
  void tokensListsWhatIsKeptButNeverAToken() throws Exception {
    Cli table = cli("tokens");
    assertThat(table.exit()).isZero();
    assertThat(table.out().lines().toList()).hasSize(4);
    assertThat(table.out())
        .contains(
            "APP",
            "Deploy Bot",
            "Twin",
            TEAM.toString(),
            "embedded server",
            "…" + deployToken.last4(),
            "basic,write_post",
            deploy.clientId(),
            "2027-03-01 00:00Z");

    Cli json = cli("tokens", "--json");
    assertThat(json.exit()).isZero();
    assertThat(json.out())
        .startsWith("[")
        .contains(
            "\"app\":\"Deploy Bot\"",
            "\"last4\":\"" + deployToken.last4() + "\"",
            "\"client_id\":\"" + deploy.clientId() + "\"",
            "\"expires_at\":\"2027-03-01T00:00:00Z\"");
    for (Cli r : List.of(table, json)) {
      assertThat(r.out() + r.err())
          .doesNotContain(deployToken.reveal(), twinEmbedded.reveal(), twinTeam.reveal());
    }
    assertNothingWritten();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  record Cli(int exit, String out, String err) {}

  private Cli cli(String... args) throws Exception {
    return cli(env -> {}, args);
  }

  /** Runs {@code keyport ARGS} in a JVM of its own, with this test's user folders. */
  private Cli cli(Consumer<Map<String, String>> change, String... args) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(ChildJava.command(List.of(), Keyport.class.getName(), args));
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", config.toString());
    env.put("XDG_DATA_HOME", data.toString());
    change.accept(env);
    Path err = Files.createTempFile("keyport-cli-", ".err");
    try {
      builder.redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the CLI ends").isTrue();
      return new Cli(
          process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private void keep(Session session, App app, Secret token) {
    Token info =
        new Token(
            new Token.TokenApp(app.clientId(), app.name(), null),
            List.of("basic", "write_post"),
            null,
            Instant.parse("2026-11-30T09:00:00Z"),
            Instant.parse("2027-03-01T00:00:00Z"),
            token.last4(),
            null);
    assertThat(
            AppTokens.keep(vault, session, app, AccessToken.bearer(token, info), false)
                .notSavedReason())
        .isNull();
    kept.add(AppTokens.keyFor(session, app));
  }

  private static App app(String name) {
    return new App(
        "1", TokenFormat.newClientId(), name, null, List.of(), Instant.EPOCH, Instant.EPOCH, "1");
  }

  /**
   * The CLI wrote nothing: the index is as the desktop left it, the data folder empty, no token in
   * any file.
   */
  private void assertNothingWritten() throws IOException {
    try (Stream<Path> files = Files.list(config.resolve("keyport"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vault-index.json");
    }
    assertThat(Files.readAllBytes(vault.indexFile())).isEqualTo(indexBefore);
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files).isEmpty();
    }
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text)
            .as("contents of %s", f)
            .doesNotContain(deployToken.reveal(), twinEmbedded.reveal(), twinTeam.reveal());
      }
    }
  }
}
