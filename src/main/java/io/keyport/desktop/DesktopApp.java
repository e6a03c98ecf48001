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
import io.keyport.desktop.session.LaunchProbe;
import io.keyport.desktop.session.Navigation;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.desktop.session.WindowSize;
import io.keyport.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.event.EventHandler;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Keyport's desktop: composes the window's collaborators and shows it. Started by the front door
 * through {@link #launch}; {@link #show} serves tests the same way.
 */
public final class DesktopApp extends Application {
  /**
   * Handed over by {@link #launch}: JavaFX makes the Application itself, so it cannot be passed in.
   */
  private static volatile Launch pending;

  private record Launch(
      Connector connector,
      Vault vault,
      SettingsStore store,
      Settings.Values settings,
      Consumer<Runnable> showRequests,
      LaunchProbe probe) {}

  /**
   * What a main window is built from: the connector it connects with in the background, the tasks
   * that run its blocking work, the vault tokens are kept in, the links web pages open through, the
   * settings and the store they are saved through, the probe told when the first app list shows,
   * and the clock tokens' expiry is judged by.
   */
  public record Parts(
      Connector connector,
      Tasks tasks,
      Vault vault,
      Links links,
      Settings settings,
      SettingsStore store,
      LaunchProbe probe,
      Clock clock) {
    public Parts {
      Objects.requireNonNull(connector);
      Objects.requireNonNull(tasks);
      Objects.requireNonNull(vault);
      Objects.requireNonNull(links);
      Objects.requireNonNull(settings);
      Objects.requireNonNull(store);
      Objects.requireNonNull(probe);
      Objects.requireNonNull(clock);
    }

    /** On the system's clock. */
    public Parts(
        Connector connector,
        Tasks tasks,
        Vault vault,
        Links links,
        Settings settings,
        SettingsStore store,
        LaunchProbe probe) {
      this(connector, tasks, vault, links, settings, store, probe, Clock.systemDefaultZone());
    }

    /** Links that open nothing, default settings kept in memory, nobody watching the start-up. */
    public Parts(Connector connector, Tasks tasks, Vault vault) {
      this(
          connector,
          tasks,
          vault,
          url -> {},
          new Settings(),
          SettingsStore.inMemory(),
          LaunchProbe.none());
    }

    public Parts withLinks(Links links) {
      return new Parts(connector, tasks, vault, links, settings, store, probe, clock);
    }

    public Parts withSettings(Settings settings, SettingsStore store) {
      return new Parts(connector, tasks, vault, links, settings, store, probe, clock);
    }

    public Parts withProbe(LaunchProbe probe) {
      return new Parts(connector, tasks, vault, links, settings, store, probe, clock);
    }

    public Parts withClock(Clock clock) {
      return new Parts(connector, tasks, vault, links, settings, store, probe, clock);
    }
  }

  /** How long after it is shown the main window is kept at its opening size. */
  private static final Duration OPENING = Duration.seconds(10);

  private ExecutorService background;

  /**
   * Starts the JavaFX toolkit and shows the main window; returns when the window is closed.
   *
   * @param vault where tokens are kept
   * @param configDir where the settings are kept ({@code settings.json})
   * @param showRequests given the action that brings the window to front, for a second launch to
   *     call; may be null
   * @param probe told, on the JavaFX thread, when "Your Apps" first shows the loaded list or failed
   *     to load before that
   */
  public static void launch(
      Connector connector,
      Vault vault,
      Path configDir,
      Consumer<Runnable> showRequests,
      LaunchProbe probe) {
    SettingsStore store = SettingsStore.in(configDir);
    pending =
        new Launch(
            Objects.requireNonNull(connector),
            Objects.requireNonNull(vault),
            store,
            store.load(),
            showRequests,
            Objects.requireNonNull(probe));
    Application.launch(DesktopApp.class);
  }

  @Override
  public void start(Stage stage) {
    WindowIcons.preload();
    background = BackgroundExecutor.create();
    Launch launch = pending;
    show(
        stage,
        new Parts(
            launch.connector(),
            new Tasks(background),
            launch.vault(),
            getHostServices()::showDocument,
            new Settings(launch.settings()),
            launch.store(),
            launch.probe()));
    if (launch.showRequests() != null) {
      launch.showRequests().accept(() -> Platform.runLater(() -> bringToFront(stage)));
    }
  }

  @Override
  public void stop() throws InterruptedException {
    if (background != null) {
      // let the last saves (the window's size) finish, but do not wait on the network for long
      background.shutdown();
      background.awaitTermination(2, TimeUnit.SECONDS);
      background.shutdownNow();
    }
  }

  /**
   * Builds the main window on {@code stage} from {@code parts} and shows it; it connects in the
   * background.
   */
  public static MainController show(Stage stage, Parts parts) {
    Settings settings = parts.settings();
    applyTheme(settings.themeProperty().get());
    settings.themeProperty().addListener((o, old, theme) -> applyTheme(theme));
    ClipboardGuard clipboard = new ClipboardGuard(settings);
    Banner banner = new Banner();
    Controllers controllers =
        new Controllers()
            .register(DesktopState.class, new DesktopState())
            .register(LaunchProbe.class, parts.probe())
            .register(Clock.class, parts.clock())
            .register(Banner.class, banner)
            .register(Tasks.class, parts.tasks().reportingTo(banner::failed))
            .register(Connector.class, parts.connector())
            .register(Vault.class, parts.vault())
            .register(Links.class, parts.links())
            .register(SecretClipboard.class, clipboard)
            .register(Settings.class, settings)
            .register(SettingsStore.class, parts.store())
            .register(ClipboardGuard.class, clipboard)
            .register(Navigation.class, new Navigation())
            .register(Dialogs.class, new Dialogs());
    Views views = new Views(controllers);
    controllers.register(Views.class, views);
    Views.Loaded<MainController> main = views.load(MainController.class, "main.fxml");
    WindowSize size = startSize(parts.store());
    Scene scene = new Scene(main.root(), size.width(), size.height());
    scene
        .getStylesheets()
        .add(Objects.requireNonNull(DesktopApp.class.getResource("keyport.css")).toExternalForm());
    stage.setTitle("Keyport");
    WindowIcons.apply(stage);
    stage.setScene(scene);
    stage.setOnCloseRequest(
        event -> {
          if (!main.controller().mayClose()) {
            event.consume();
          }
        });
    stage.setOnHidden(
        event -> {
          main.controller().closing();
          clipboard.clearNow();
          WindowSize last = new WindowSize(scene.getWidth(), scene.getHeight());
          try {
            parts
                .tasks()
                .run(
                    () -> {
                      parts.store().saveWindowSize(last);
                      return null;
                    })
                .start();
          } catch (RejectedExecutionException shutDown) {
            // the background work has already stopped: the app is going away, the size is not kept
          }
        });
    // a stage used before (tests) keeps its old size unless told to take the scene's
    stage.sizeToScene();
    stage.show();
    stage.setMinWidth(WindowSize.MINIMUM.width());
    stage.setMinHeight(WindowSize.MINIMUM.height());
    holdWhileOpening(stage, size);
    fitOnScreen(stage);
    return main.controller();
  }

  /** The size last used (or as designed), no larger than the screen's free area. */
  static WindowSize startSize(SettingsStore store) {
    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    return store
        .windowSize()
        .orElse(WindowSize.DESIGNED)
        .within(screen.getWidth(), screen.getHeight());
  }

  /**
   * Keeps the window's content at {@code size} while it opens. Under a window manager the toolkit
   * gets a few stale sizes after the window is mapped (openbox: GTK's default 200×200, then the
   * minimum size), and the last one would stay: the window opened at 720×480. Until the user first
   * presses a key or the mouse in it (at most its first seconds; on a busy machine the stale sizes
   * came after two), any other size is put back unless it is maximized.
   */
  private static void holdWhileOpening(Stage stage, WindowSize size) {
    Scene scene = stage.getScene();
    InvalidationListener hold =
        o -> {
          if ((scene.getWidth() != size.width() || scene.getHeight() != size.height())
              && !stage.isMaximized()
              && !stage.isFullScreen()) {
            // the scene was made with this size: sizing the window to it asks for that content size
            // again
            Platform.runLater(stage::sizeToScene);
          }
        };
    scene.widthProperty().addListener(hold);
    scene.heightProperty().addListener(hold);
    PauseTransition opening = new PauseTransition(OPENING);
    EventHandler<InputEvent> userActed =
        new EventHandler<>() {
          @Override
          public void handle(InputEvent e) {
            opening.stop();
            scene.widthProperty().removeListener(hold);
            scene.heightProperty().removeListener(hold);
            scene.removeEventFilter(MouseEvent.MOUSE_PRESSED, this);
            scene.removeEventFilter(KeyEvent.KEY_PRESSED, this);
          }
        };
    scene.addEventFilter(MouseEvent.MOUSE_PRESSED, userActed);
    scene.addEventFilter(KeyEvent.KEY_PRESSED, userActed);
    opening.setOnFinished(e -> userActed.handle(null));
    opening.play();
  }

  /** With its frame, the window may still overhang the screen's free area: pull it in. */
  private static void fitOnScreen(Stage stage) {
    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    if (stage.getWidth() > screen.getWidth()) {
      stage.setWidth(screen.getWidth());
      stage.setX(screen.getMinX());
    }
    if (stage.getHeight() > screen.getHeight()) {
      stage.setHeight(screen.getHeight());
      stage.setY(screen.getMinY());
    }
  }

  /**
   * AtlantaFX's theme in its binary form (.bss, shipped beside the .css, the same 1,013 rules):
   * JavaFX reads it in ~40 ms of CPU where parsing the 170 KB stylesheet took ~140 ms (a cold JVM),
   * on the JavaFX thread before the first frame.
   */
  static void applyTheme(Settings.Theme theme) {
    Application.setUserAgentStylesheet(
        theme == Settings.Theme.DARK
            ? new PrimerDark().getUserAgentStylesheetBSS()
            : new PrimerLight().getUserAgentStylesheetBSS());
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
