package io.keyport.launch;

import io.keyport.desktop.DesktopApp;
import io.keyport.desktop.connect.TeamSignIn;
import io.keyport.desktop.session.LaunchProbe;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.vault.KeychainVault;
import io.keyport.vault.Vault;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The desktop's start-up: logging, the user's folders, one instance per folder, the keychain vault,
 * the connection (begun early, beside the JavaFX start-up) and the window.
 */
public final class DesktopLaunch {
  private DesktopLaunch() {}

  /**
   * Runs the desktop until its window is closed; returns the exit code. With {@code
   * measureStartup}, prints the milliseconds to the first frame showing the app list, then closes
   * (see {@link StartupClock}).
   */
  public static int run(boolean measureStartup) {
    Thread logging = startLogging();
    UserFolders folders = UserFolders.forCurrentUser();
    Optional<SingleInstance> claimed = SingleInstance.claim(folders.config());
    if (claimed.isEmpty() && measureStartup) {
      System.err.println(
          "keyport: --measure-startup: Keyport is already running with these folders;"
              + " close it, or point XDG_CONFIG_HOME and XDG_DATA_HOME elsewhere.");
      return 1;
    }
    if (claimed.isEmpty()) {
      System.out.println("Keyport is already running: brought its window to front.");
      return 0;
    }
    try (SingleInstance instance = claimed.get()) {
      return runDesktop(folders, instance, logging, measureStartup);
    }
  }

  /**
   * Sets logging up on a thread of its own, beside the JavaFX start-up rather than before it (~70
   * ms). Meanwhile slf4j hands out stand-in loggers, which keep what they get and replay it (with a
   * note) once logging is up; the connecting thread, which logs from its start, waits for it
   * instead.
   */
  private static Thread startLogging() {
    Thread t = new Thread(LoggerFactory::getILoggerFactory, "keyport-logging-setup");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static int runDesktop(
      UserFolders folders, SingleInstance instance, Thread logging, boolean measureStartup) {
    // Opening the keychain vault touches neither the keychain nor the disk; a missing or locked
    // keychain shows up as a KeychainUnavailableException from the call that needed it.
    Vault vault = new KeychainVault(folders.config());
    try (Connections connections =
        new Connections(
                new EmbeddedConnector(folders.data()),
                new TeamSignIn(vault),
                SettingsStore.in(folders.config()))
            .connectEarly(logging::join)) {
      if (measureStartup) {
        StartupClock clock = new StartupClock(System.out).start();
        DesktopApp.launch(
            connections, vault, folders.config(), instance::onShowRequest, clock.probe());
        return clock.exitCode();
      }
      DesktopApp.launch(
          connections, vault, folders.config(), instance::onShowRequest, LaunchProbe.none());
      return 0;
    } catch (Exception e) {
      throw new IllegalStateException("Keyport could not close cleanly", e);
    }
  }
}
