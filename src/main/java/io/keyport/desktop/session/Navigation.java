package io.keyport.desktop.session;

import io.keyport.api.App;
import java.util.function.Consumer;

/**
 * Moves between the main window's views: Your Apps, an app's detail, the Create an App dialog. The
 * main window supplies the moves; views ask for them by constructor.
 */
public final class Navigation {
  private Consumer<App> openApp = app -> {};
  private Runnable showApps = () -> {};
  private Runnable createApp = () -> {};

  /** Called once by the main window. */
  public void supply(Consumer<App> openApp, Runnable showApps, Runnable createApp) {
    this.openApp = openApp;
    this.showApps = showApps;
    this.createApp = createApp;
  }

  public void openApp(App app) {
    openApp.accept(app);
  }

  /** Back to Your Apps, reloading the list. */
  public void showApps() {
    showApps.run();
  }

  /** Opens Create an App. */
  public void createApp() {
    createApp.run();
  }
}
