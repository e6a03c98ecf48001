package io.keyport.desktop;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Banner;
import io.keyport.desktop.fx.Controllers;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.fx.WindowIcons;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Navigation;
import io.keyport.desktop.session.NoKeychain;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.vault.Vault;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Keyport's desktop: composes the window's collaborators and shows it. Started by the front door
 * through {@link #launch}; {@link #show} serves tests the same way.
 */
public final class DesktopApp extends Application {
  /** Handed over by {@link #launch}: JavaFX makes the Application itself, so it cannot be passed in. */
  private static volatile Launch pending;

  private record Launch(Connector connector, Vault vault, SettingsStore store, Settings.Values settings,
      Consumer<Runnable> showRequests, Runnable onAppListShown, Consumer<Throwable> onAppListFailed) {}

  private ExecutorService background;

  /**
   * Starts the JavaFX toolkit and shows the main window; returns when the window is closed.
   *
   * @param vault where tokens are kept
   * @param configDir where the settings are kept ({@code settings.json})
   * @param showRequests given the action that brings the window to front, for a second launch to
   *     call; may be null
   */
  public static void launch(Connector connector, Vault vault, Path configDir, Consumer<Runnable> showRequests) {
    launch(connector, vault, configDir, showRequests, () -> {}, error -> {});
  }

  /**
   * As {@link #launch(Connector, Vault, Path, Consumer)}; once, on the JavaFX thread, either
   * {@code onAppListShown} runs when "Your Apps" first shows the loaded list, or
   * {@code onAppListFailed} when it failed to load before that (see {@link DesktopState#setOnAppListShown}).
   */
  public static void launch(Connector connector, Vault vault, Path configDir, Consumer<Runnable> showRequests,
      Runnable onAppListShown, Consumer<Throwable> onAppListFailed) {
    SettingsStore store = SettingsStore.in(configDir);
    pending = new Launch(Objects.requireNonNull(connector), Objects.requireNonNull(vault), store, store.load(),
        showRequests, Objects.requireNonNull(onAppListShown), Objects.requireNonNull(onAppListFailed));
    Application.launch(DesktopApp.class);
  }

  @Override
  public void start(Stage stage) {
    WindowIcons.preload();
    background = BackgroundExecutor.create();
    Launch launch = pending;
    DesktopState state = new DesktopState();
    state.setOnAppListShown(launch.onAppListShown());
    state.setOnAppListFailed(launch.onAppListFailed());
    show(stage, launch.connector(), new Tasks(background), launch.vault(), getHostServices()::showDocument,
        new Settings(launch.settings()), launch.store(), state);
    if (launch.showRequests() != null) {
      launch.showRequests().accept(() -> Platform.runLater(() -> bringToFront(stage)));
    }
  }

  @Override
  public void stop() {
    if (background != null) {
      background.shutdownNow();
    }
  }

  /** Builds the main window on {@code stage}: no keychain, default settings kept in memory. */
  public static MainController show(Stage stage, Connector connector, Tasks tasks) {
    return show(stage, connector, tasks, new NoKeychain("This window was opened without a keychain."), url -> {});
  }

  /** Builds the main window on {@code stage} with default settings kept in memory. */
  public static MainController show(Stage stage, Connector connector, Tasks tasks, Vault vault, Links links) {
    return show(stage, connector, tasks, vault, links, new Settings(), SettingsStore.inMemory());
  }

  /** Builds the main window on {@code stage} with {@code settings}, connecting with no keychain. */
  public static MainController show(Stage stage, Connector connector, Tasks tasks, Settings settings) {
    return show(stage, connector, tasks, new NoKeychain("This window was opened without a keychain."), url -> {},
        settings, SettingsStore.inMemory());
  }

  /**
   * Builds the main window on {@code stage}, connecting with {@code connector} in the background;
   * tokens are kept in {@code vault}, web pages open through {@code links}, settings live in
   * {@code settings} and are saved through {@code store}.
   */
  public static MainController show(Stage stage, Connector connector, Tasks tasks, Vault vault, Links links,
      Settings settings, SettingsStore store) {
    return show(stage, connector, tasks, vault, links, settings, store, new DesktopState());
  }

  static MainController show(Stage stage, Connector connector, Tasks tasks, Vault vault, Links links,
      Settings settings, SettingsStore store, DesktopState state) {
    applyTheme(settings.themeProperty().get());
    settings.themeProperty().addListener((o, old, theme) -> applyTheme(theme));
    ClipboardGuard clipboard = new ClipboardGuard(settings);
    Banner banner = new Banner();
    Controllers controllers = new Controllers()
        .register(DesktopState.class, state)
        .register(Banner.class, banner)
        .register(Tasks.class, tasks.reportingTo(banner::failed))
        .register(Connector.class, connector)
        .register(Vault.class, vault)
        .register(Links.class, links)
        .register(SecretClipboard.class, clipboard)
        .register(Settings.class, settings)
        .register(SettingsStore.class, store)
        .register(ClipboardGuard.class, clipboard)
        .register(Navigation.class, new Navigation())
        .register(Dialogs.class, new Dialogs());
    Views views = new Views(controllers);
    controllers.register(Views.class, views);
    Views.Loaded<MainController> main = views.load(MainController.class, "main.fxml");
    Scene scene = new Scene(main.root());
    scene.getStylesheets().add(
        Objects.requireNonNull(DesktopApp.class.getResource("keyport.css")).toExternalForm());
    stage.setTitle("Keyport");
    WindowIcons.apply(stage);
    stage.setScene(scene);
    stage.setMinWidth(720);
    stage.setMinHeight(480);
    stage.setOnCloseRequest(event -> {
      if (!main.controller().mayClose()) {
        event.consume();
      }
    });
    stage.setOnHidden(event -> {
      main.controller().closing();
      clipboard.clearNow();
    });
    stage.show();
    return main.controller();
  }

  static void applyTheme(Settings.Theme theme) {
    Application.setUserAgentStylesheet(theme == Settings.Theme.DARK
        ? new PrimerDark().getUserAgentStylesheet()
        : new PrimerLight().getUserAgentStylesheet());
  }

  static void bringToFront(Stage stage) {
    if (stage.isIconified()) {
      stage.setIconified(false);
    }
    if (!stage.isShowing()) {
      stage.show();
    }
    stage.toFront();
    stage.requestFocus();
  }
}
