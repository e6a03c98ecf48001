package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.NoKeychain;
import io.keyport.desktop.session.Session;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The main window against a real embedded server: status line, empty state, unreachable and Retry. */
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

    server = KeyportServer.start(config);
    robot.clickOn("#retryButton");

    waitUntilVisible("You haven't created any apps yet.");
    assertThat(robot.lookup("#banner").queryAs(Node.class).isVisible()).isFalse();
  }

  @Test
  void aBackgroundFailureNoHandlerTakesShowsInTheWindowsBanner() throws Exception {
    Connector connector = signedIn();
    Vault keychain = new NoKeychain("unused");
    Vault broken = new Vault() {
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
    FxToolkit.setupStage(stage -> DesktopApp.show(stage, connector, new Tasks(background), broken, url -> {}));

    waitUntilVisible("Something went wrong: IllegalStateException");
    assertThat(isShowing("#banner")).isTrue();
    robot.clickOn("#bannerClose");
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !isShowing("#banner"));
  }

  /** A connector signed in as alice on the test server, the way the embedded connector signs in. */
  private Connector signedIn() {
    KeyportServer.LocalSession local = server.localSession("alice");
    Session session = new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
    return () -> session;
  }

  private void show(Connector connector) throws Exception {
    FxToolkit.setupStage(stage -> DesktopApp.show(stage, connector, new Tasks(background)));
  }

  private String statusLine() {
    return robot.lookup("#statusLine").queryAs(Label.class).getText();
  }

  private void waitUntilVisible(String text) throws Exception {
    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> isShowing(text));
  }

  /** True when a node with this text is on screen: it and every ancestor visible. */
  private boolean isShowing(String text) {
    return robot.lookup(text).queryAll().stream().anyMatch(node -> {
      for (Node n = node; n != null; n = n.getParent()) {
        if (!n.isVisible()) {
          return false;
        }
      }
      return true;
    });
  }
}
