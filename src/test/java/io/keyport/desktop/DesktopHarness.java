package io.keyport.desktop;

import io.keyport.api.App;
import io.keyport.api.NewApp;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import io.keyport.vault.Vault;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The main window against a real server on H2 (loopback, port 0), signed in as alice the way the
 * embedded connector signs in. One per test class; {@link #reset()} between tests.
 */
public final class DesktopHarness implements AutoCloseable {
  public final FxRobot robot = new FxRobot();
  public final FxLookups fx = new FxLookups(robot);
  private final ExecutorService background = BackgroundExecutor.create();
  private ServerConfig config;
  private KeyportServer server;
  private KeyportClient client;
  private Session session;
  private MainController main;

  public DesktopHarness() throws Exception {
    FxToolkit.registerPrimaryStage();
    config = TestServers.H2.config();
    server = KeyportServer.start(config);
    config = config.withPort(server.port());
    client = KeyportClient.create(server.baseUrl());
    KeyportServer.LocalSession local = server.localSession("alice");
    session =
        new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
  }

  /** alice's session, as the window has it. */
  public Session session() {
    return session;
  }

  /** alice's client, talking to the server directly (a "second client"). */
  public KeyportClient alice() {
    return session.client();
  }

  public KeyportServer server() {
    return server;
  }

  public App createApp(String name) {
    return alice()
        .createApp(new NewApp(name, "https://example.com", List.of("http://localhost:8000")))
        .app();
  }

  /** Deletes alice's apps and closes the windows. */
  public void reset() throws Exception {
    FxToolkit.cleanupStages();
    for (App app : alice().listAllApps()) {
      alice().deleteApp(app.id());
    }
  }

  /**
   * Shows the main window with {@code settings}, connected as alice; waits for the list to load.
   */
  public MainController show(Settings settings) throws Exception {
    return show(settings, SettingsStore.inMemory());
  }

  public MainController show(Settings settings, SettingsStore store) throws Exception {
    return show(settings, store, TestVaults.notUnderTest(), Clock.systemDefaultZone());
  }

  /** Shows the main window keeping tokens in {@code vault}, its expiry judged by {@code clock}. */
  public MainController show(Vault vault, Clock clock) throws Exception {
    return show(quick(), SettingsStore.inMemory(), vault, clock);
  }

  private MainController show(Settings settings, SettingsStore store, Vault vault, Clock clock)
      throws Exception {
    Session signedIn = session;
    Connector connector = () -> signedIn;
    FxToolkit.setupStage(
        stage ->
            main =
                DesktopApp.show(
                    stage,
                    new DesktopApp.Parts(connector, new Tasks(background), vault)
                        .withSettings(settings, store)
                        .withClock(clock)));
    fx.waitUntil(() -> text("#statusLine").startsWith("Connected to"));
    fx.waitUntil(() -> !robot.lookup("#spinner").query().isVisible());
    return main;
  }

  /** Settings with short timeouts, so that tests wait a second or two, not thirty. */
  public static Settings quick() {
    return new Settings(new Settings.Values(2, 2, Settings.Theme.LIGHT, ""));
  }

  public void stopServer() {
    server.close();
  }

  /** Starts the server again on the same port with the same database. */
  public void restartServer() {
    server = KeyportServer.start(config);
  }

  public String text(String query) {
    var node =
        robot.lookup(query).queryAll().stream()
            .filter(FxLookups::showing)
            .findFirst()
            .orElse(robot.lookup(query).query());
    if (node instanceof Label label) {
      return label.getText();
    }
    if (node instanceof TextField field) {
      return field.getText();
    }
    throw new AssertionError(query + " is neither a label nor a text field");
  }

  @Override
  public void close() throws Exception {
    FxToolkit.cleanupStages();
    background.shutdownNow();
    client.close();
    server.close();
  }
}
