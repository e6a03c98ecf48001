package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.LaunchProbe;
import io.keyport.desktop.session.NoKeychain;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main window against a real embedded server: status line, empty state, unreachable and Retry.
 */
class DesktopAppTest {
  private final FxRobot robot = new FxRobot();
  private ExecutorService background;
  private ServerConfig config;
  private KeyportServer server;
  private KeyportClient client;

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @BeforeEach
  void startServer() {
    background = BackgroundExecutor.create();
    config = TestServers.H2.config();
    server = KeyportServer.start(config);
    config = config.withPort(server.port());
    client = KeyportClient.create(server.baseUrl());
  }

  @AfterEach
  void stopEverything() throws Exception {
    FxToolkit.cleanupStages();
    background.shutdownNow();
    client.close();
    server.close();
  }

  @Test
  void showsTheStatusLineAndTheEmptyState() throws Exception {
    Connector connector = signedIn();
    show(connector);

    waitUntilVisible("You haven't created any apps yet.");
    assertThat(statusLine()).isEqualTo("Connected to " + server.baseUrl() + " as alice");
    assertThat(robot.lookup("#table").queryAs(Node.class).isVisible()).isFalse();
    assertThat(robot.lookup("#spinner").queryAs(Node.class).isVisible()).isFalse();
  }

  @Test
  void saysTheServerIsUnreachableAndRetryLoadsOnceItIsBack() throws Exception {
    Connector connector = signedIn();
    server.close();
    show(connector);

    waitUntilVisible("Cannot reach the Keyport server at " + server.baseUrl() + ".");
    assertThat(isShowing("You haven't created any apps yet.")).isFalse();
    // beside the banner, the status line does not claim a connection
    assertThat(statusLine())
        .startsWith("Cannot reach " + server.baseUrl())
        .doesNotContain("Connected to");

    server = KeyportServer.start(config);
    robot.clickOn("#retryButton");

    waitUntilVisible("You haven't created any apps yet.");
    assertThat(robot.lookup("#banner").queryAs(Node.class).isVisible()).isFalse();
    assertThat(statusLine()).isEqualTo("Connected to " + server.baseUrl() + " as alice");
  }

  @Test
  void opensAtTheDesignedSize() throws Exception {
    show(signedIn());
    Stage stage = WaitForAsyncUtils.asyncFx(this::mainStage).get();
    assertThat(stage.getScene().getWidth()).isEqualTo(980);
    assertThat(stage.getScene().getHeight()).isEqualTo(700);
  }

  @Test
  void opensAtTheSizeLastUsedNeverLargerThanTheScreenAndRemembersItOnClose(@TempDir Path config)
      throws Exception {
    Path file = config.resolve(SettingsStore.FILE_NAME);
    Files.writeString(
        file, "{\"windowWidth\": 1040.0, \"windowHeight\": 610.0, \"theme\": \"LIGHT\"}");
    showWith(SettingsStore.in(config));
    Stage stage = WaitForAsyncUtils.asyncFx(this::mainStage).get();
    assertThat(stage.getScene().getWidth()).isEqualTo(1040);
    assertThat(stage.getScene().getHeight()).isEqualTo(610);

    // the user acts in the window, then makes it smaller
    robot.clickOn("#statusLine");
    WaitForAsyncUtils.asyncFx(
            () -> {
              stage.setWidth(900);
              stage.setHeight(650);
            })
        .get();
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> stage.getScene().getWidth() < 1040);
    double width = WaitForAsyncUtils.asyncFx(() -> stage.getScene().getWidth()).get();
    double height = WaitForAsyncUtils.asyncFx(() -> stage.getScene().getHeight()).get();
    assertThat(width).isLessThan(1040);
    WaitForAsyncUtils.asyncFx(stage::close).get();
    WaitForAsyncUtils.waitFor(
        15, TimeUnit.SECONDS, () -> Files.readString(file).contains("\"windowWidth\" : " + width));
    assertThat(Files.readString(file))
        .contains("\"windowHeight\" : " + height)
        .contains("\"theme\" : \"LIGHT\"");

    Files.writeString(file, "{\"windowWidth\": 5000.0, \"windowHeight\": 4000.0}");
    showWith(SettingsStore.in(config));
    Stage again = WaitForAsyncUtils.asyncFx(this::mainStage).get();
    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    assertThat(again.getWidth()).isLessThanOrEqualTo(screen.getWidth());
    assertThat(again.getHeight()).isLessThanOrEqualTo(screen.getHeight());
  }

  private void showWith(SettingsStore store) throws Exception {
    Settings settings = new Settings(store.load());
    Connector connector = signedIn();
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(
                stage,
                new DesktopApp.Parts(
                    connector,
                    new Tasks(background),
                    new NoKeychain("No keychain in this test."),
                    url -> {},
                    settings,
                    store,
                    LaunchProbe.none())));
  }

  private Stage mainStage() {
    return Window.getWindows().stream()
        .filter(w -> w instanceof Stage s && "Keyport".equals(s.getTitle()) && s.isShowing())
        .map(Stage.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aBackgroundFailureNoHandlerTakesShowsInTheWindowsBanner() throws Exception {
    Connector connector = signedIn();
    Vault keychain = new NoKeychain("unused");
    Vault broken =
        new Vault() {
          @Override
          public String keychainName() {
            return "a broken keychain";
          }

          @Override
          public void store(VaultEntry entry, Secret token) throws KeychainUnavailableException {
            keychain.store(entry, token);
          }

          @Override
          public Optional<Secret> read(VaultKey key) throws KeychainUnavailableException {
            return keychain.read(key);
          }

          @Override
          public List<VaultEntry> list() {
            throw new IllegalStateException("the keyring library failed");
          }

          @Override
          public void delete(VaultKey key) throws KeychainUnavailableException {
            keychain.delete(key);
          }
        };
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(stage, new DesktopApp.Parts(connector, new Tasks(background), broken)));

    waitUntilVisible("Something went wrong: IllegalStateException");
    assertThat(isShowing("#banner")).isTrue();
    robot.clickOn("#bannerClose");
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !isShowing("#banner"));
  }

  /** A connector signed in as alice on the test server, the way the embedded connector signs in. */
  private Connector signedIn() {
    KeyportServer.LocalSession local = server.localSession("alice");
    Session session =
        new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
    return () -> session;
  }

  private void show(Connector connector) throws Exception {
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(
                stage,
                new DesktopApp.Parts(
                    connector,
                    new Tasks(background),
                    new NoKeychain("This window was opened without a keychain."))));
  }

  private String statusLine() {
    return robot.lookup("#statusLine").queryAs(Label.class).getText();
  }

  private void waitUntilVisible(String text) throws Exception {
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> isShowing(text));
  }

  /** True when a node with this text is on screen: it and every ancestor visible. */
  private boolean isShowing(String text) {
    return robot.lookup(text).queryAll().stream()
        .anyMatch(
            node -> {
              for (Node n = node; n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                  return false;
                }
              }
              return true;
            });
  }
}
