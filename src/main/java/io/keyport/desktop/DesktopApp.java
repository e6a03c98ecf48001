package io.keyport.desktop;

import atlantafx.base.theme.PrimerLight;
import io.keyport.desktop.common.BackgroundExecutor;
import io.keyport.desktop.common.Controllers;
import io.keyport.desktop.common.Links;
import io.keyport.desktop.common.NoKeychain;
import io.keyport.desktop.common.SecretClipboard;
import io.keyport.desktop.common.Connector;
import io.keyport.desktop.common.DesktopState;
import io.keyport.desktop.common.Tasks;
import io.keyport.desktop.common.Views;
import io.keyport.desktop.common.WindowIcons;
import io.keyport.vault.Vault;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Keyport's desktop: composes the window's collaborators and shows it. Started by the front door
 * through {@link #launch(Connector)}; {@link #show(Stage, Connector, Tasks)} serves tests the same way.
 */
public final class DesktopApp extends Application {
  /** Handed over by {@link #launch}: JavaFX makes the Application itself, so it cannot be passed in. */
  private static volatile Connector pendingConnector;
  private static volatile Vault pendingVault;
  private static volatile Runnable pendingOnAppListShown = () -> {};

  private ExecutorService background;

  /** Starts the JavaFX toolkit and shows the main window; returns when the window is closed. */
  public static void launch(Connector connector, Vault vault) {
    launch(connector, vault, () -> {});
  }

  /**
   * As {@link #launch(Connector, Vault)}; {@code onAppListShown} runs once on the JavaFX thread when
   * "Your Apps" first shows the loaded list (see {@link DesktopState#setOnAppListShown}).
   */
  public static void launch(Connector connector, Vault vault, Runnable onAppListShown) {
    pendingConnector = Objects.requireNonNull(connector);
    pendingVault = Objects.requireNonNull(vault);
    pendingOnAppListShown = Objects.requireNonNull(onAppListShown);
    Application.launch(DesktopApp.class);
  }

  @Override
  public void start(Stage stage) {
    background = BackgroundExecutor.create();
    DesktopState state = new DesktopState();
    state.setOnAppListShown(pendingOnAppListShown);
    show(stage, pendingConnector, new Tasks(background), pendingVault, getHostServices()::showDocument, state);
  }

  @Override
  public void stop() {
    if (background != null) {
      background.shutdownNow();
    }
  }

  /** Builds the main window on {@code stage}, connecting with {@code connector} in the background; no keychain. */
  public static MainController show(Stage stage, Connector connector, Tasks tasks) {
    return show(stage, connector, tasks,
        new NoKeychain("This window was opened without a keychain."), url -> {});
  }

  /**
   * Builds the main window on {@code stage}, connecting with {@code connector} in the background;
   * tokens are kept in {@code vault}, web pages open through {@code links}.
   */
  public static MainController show(Stage stage, Connector connector, Tasks tasks, Vault vault, Links links) {
    return show(stage, connector, tasks, vault, links, new DesktopState());
  }

  static MainController show(Stage stage, Connector connector, Tasks tasks, Vault vault, Links links,
      DesktopState state) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    Controllers controllers = new Controllers()
        .register(DesktopState.class, state)
        .register(Tasks.class, tasks)
        .register(Connector.class, connector)
        .register(Vault.class, vault)
        .register(Links.class, links)
        .register(SecretClipboard.class, DesktopApp::copyToClipboard);
    Views views = new Views(controllers);
    controllers.register(Views.class, views);
    Views.Loaded<MainController> main = views.load(MainController.class, "main.fxml");
    Scene scene = new Scene(main.root());
    scene.getStylesheets().add(
        Objects.requireNonNull(DesktopApp.class.getResource("keyport.css")).toExternalForm());
    stage.setTitle("Keyport");
    WindowIcons.apply(stage);
    stage.setScene(scene);
    stage.show();
    return main.controller();
  }

  // Until the clipboard guard lands: a plain copy. TODO route through ClipboardGuard.
  private static void copyToClipboard(String secret, String what) {
    javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
    content.putString(secret);
    javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
  }
}
