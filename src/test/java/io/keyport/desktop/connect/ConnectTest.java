package io.keyport.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.TokenFormat;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.DesktopApp;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.desktop.signin.FormBrowser;
import io.keyport.desktop.signin.FormBrowser.Decision;
import io.keyport.launch.Connections;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Connecting the desktop to a standalone team server and back: the password grant, the session
 * token kept in the vault, the next launch signed in from it, Sign out and "Use the embedded
 * server".
 */
class ConnectTest {
  private static final String PASSWORD = "correct horse battery";
  private static KeyportServer embeddedServer;
  private static KeyportServer teamServer;
  private static KeyportClient embeddedClient;

  private final FxRobot robot = new FxRobot();
  private final FxLookups fx = new FxLookups(robot);
  private ExecutorService background;
  private Vault vault;
  private SettingsStore setting;
  private Path settingsFile;
  private Connections connections;

  @BeforeAll
  static void startServers() throws Exception {
    FxToolkit.registerPrimaryStage();
    embeddedServer = TestServers.H2.start();
    teamServer = TestServers.H2.start(config -> config.withSignup(true));
    embeddedClient = KeyportClient.create(embeddedServer.baseUrl());
    Http.Response signedUp =
        Http.to(teamServer.baseUrl())
            .postJson(
                "/account/0/users",
                "{\"username\": \"bob\", \"password\": \"" + PASSWORD + "\", \"name\": \"Bob\"}");
    assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(200);
  }

  @AfterAll
  static void stopServers() {
    embeddedClient.close();
    teamServer.close();
    embeddedServer.close();
  }

  @BeforeEach
  void compose() throws Exception {
    background = BackgroundExecutor.create();
    Path config = Files.createTempDirectory("keyport-config-");
    vault = TestVaults.keychain(config);
    settingsFile = config.resolve("settings.json");
    setting = SettingsStore.in(config);
    connections = newConnections();
  }

  @AfterEach
  void closeEverything() throws Exception {
    FxToolkit.cleanupStages();
    if (background != null) {
      background.shutdownNow();
    }
    if (connections != null) {
      connections.close();
    }
    TestVaults.empty(vault);
  }

  /**
   * What the front door composes: the embedded server (here alice on a test server) or the team
   * server.
   */
  private Connections newConnections() {
    Connector embedded =
        () -> {
          KeyportServer.LocalSession local = embeddedServer.localSession("alice");
          return new Session(
              embeddedServer.baseUrl(),
              local.username(),
              true,
              embeddedClient.withToken(local.token()));
        };
    return new Connections(embedded, new TeamSignIn(vault), setting);
  }

  @Test
  void connectsStaysSignedInAcrossLaunchesAndSignsOut() throws Exception {
    URI team = teamServer.baseUrl();
    launch();
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");

    openConnectDialog();
    robot.clickOn("#urlField").write("keyport.example.com");
    robot.clickOn("#usernameField").write("bob");
    robot.clickOn("#passwordField").write("wrong password!");
    robot.clickOn("#connectButton");
    fx.waitUntil(() -> fx.isShowing("#errorMessage"));
    assertThat(fx.showing("#errorMessage", Label.class).getText())
        .isEqualTo("The URL needs http:// or https:// in front, e.g. https://keyport.example.com");

    robot.doubleClickOn("#urlField").eraseText(40).write(team.toString());
    robot.clickOn("#connectButton");
    fx.waitUntil(
        () ->
            fx.isShowing("#errorMessage")
                && !fx.showing("#errorMessage", Label.class).getText().startsWith("The URL"));
    String refused = fx.showing("#errorMessage", Label.class).getText();
    assertThat(refused).doesNotContain("wrong password!");
    assertThat(vault.list()).isEmpty();

    robot.doubleClickOn("#passwordField").eraseText(30).write(PASSWORD);
    robot.clickOn("#connectButton");
    waitForStatus("Connected to " + team + " as bob");
    assertThat(fx.window("Connect to a team server")).isNull();
    VaultEntry kept = vault.list().get(0);
    assertThat(kept.key()).isEqualTo(VaultKey.session(team.toString(), "bob"));
    assertThat(setting.teamServer()).contains(team);
    assertThat(Files.readString(settingsFile))
        .doesNotContain(vault.read(kept.key()).orElseThrow().reveal());

    // the next launch signs in from the vault, no password asked
    FxToolkit.cleanupStages();
    connections.close();
    connections = newConnections();
    launch();
    waitForStatus("Connected to " + team + " as bob");
    String sessionToken = vault.read(kept.key()).orElseThrow().reveal();
    assertThat(Http.to(team).bearer(sessionToken).get("/stream/0/token").status()).isEqualTo(200);

    // Sign out: revoked on the server, gone from the vault, back on the embedded server
    robot.clickOn("Server"); // the Server menu of the menu bar
    robot.clickOn("Sign out of " + team);
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");
    assertThat(vault.list()).isEmpty();
    assertThat(setting.teamServer()).isEmpty();
    assertThat(Http.to(team).bearer(sessionToken).get("/stream/0/token").status()).isEqualTo(401);
    assertThat(newConnections().connect().embedded()).isTrue();
  }

  @Test
  void useTheEmbeddedServerKeepsTheTeamSignIn() throws Exception {
    URI team = teamServer.baseUrl();
    launch();
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");
    openConnectDialog();
    robot.clickOn("#urlField").write(team + "/");
    robot.clickOn("#usernameField").write("bob");
    robot.clickOn("#passwordField").write(PASSWORD);
    robot.type(KeyCode.ENTER);
    waitForStatus("Connected to " + team + " as bob");

    robot.clickOn("Server"); // the Server menu of the menu bar
    robot.clickOn("Use the embedded server");
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");
    assertThat(setting.teamServer()).isEmpty();
    VaultEntry kept = vault.list().get(0);
    String sessionToken = vault.read(kept.key()).orElseThrow().reveal();
    assertThat(Http.to(team).bearer(sessionToken).get("/stream/0/token").status()).isEqualTo(200);
    assertThat(new TeamSignIn(vault).resume(team))
        .map(Session::username)
        .isEqualTo(Optional.of("bob"));

    // back to the team server with the kept sign-in: no password asked
    robot.clickOn("Server"); // the Server menu of the menu bar
    robot.clickOn("Reconnect to " + team + " as bob");
    waitForStatus("Connected to " + team + " as bob");
    assertThat(setting.teamServer()).contains(team);
  }

  @Test
  void whenTheRememberedTeamServerIsDownTheEmbeddedServerIsTheWayOut() throws Exception {
    URI down = URI.create("http://127.0.0.1:9");
    vault.store(
        VaultEntry.session(down.toString(), "bob", List.of("basic", "developer"), null),
        TokenFormat.generate(TokenFormat.Kind.USER));
    setting.setTeamServer(Optional.of(down));
    launch();
    waitForStatus("Not connected");
    fx.waitUntil(() -> fx.isShowing("Cannot reach the Keyport server at " + down + "."));

    robot.clickOn("Server"); // the Server menu of the menu bar
    robot.clickOn("Use the embedded server");
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");
    assertThat(setting.teamServer()).isEmpty();
  }

  @Test
  void escClosesTheConnectDialog() throws Exception {
    launch();
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");
    openConnectDialog();
    robot.type(KeyCode.ESCAPE);
    fx.waitUntil(() -> fx.window("Connect to a team server") == null);
  }

  private void launch() throws Exception {
    launch(url -> {});
  }

  private void launch(Links links) throws Exception {
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(
                stage,
                new DesktopApp.Parts(connections, new Tasks(background), vault).withLinks(links)));
  }

  @Test
  void signsInWithTheBrowserAsThePrimaryAction() throws Exception {
    URI team = teamServer.baseUrl();
    // the "browser" follows the server's forms over HTTP as bob, off the FX thread as a browser
    // would
    launch(
        url ->
            new Thread(
                    () ->
                        new FormBrowser(team, "bob", PASSWORD, Decision.ALLOW)
                            .open(URI.create(url)))
                .start());
    waitForStatus("Connected to " + embeddedServer.baseUrl() + " as alice");
    openConnectDialog();
    robot.clickOn("#urlField").write(team.toString());
    robot.type(KeyCode.ENTER);
    waitForStatus("Connected to " + team + " as bob");
    assertThat(fx.window("Connect to a team server")).isNull();
    VaultEntry kept = vault.list().get(0);
    assertThat(kept.key()).isEqualTo(VaultKey.session(team.toString(), "bob"));
    assertThat(kept.scopes()).contains("developer");
    assertThat(setting.teamServer()).contains(team);
  }

  private void openConnectDialog() throws Exception {
    robot.clickOn("Server"); // the Server menu of the menu bar
    robot.clickOn("Connect to a team server…");
    fx.waitForWindow("Connect to a team server");
  }

  private void waitForStatus(String status) throws Exception {
    fx.waitUntil(() -> status.equals(robot.lookup("#statusLine").queryAs(Label.class).getText()));
  }
}
