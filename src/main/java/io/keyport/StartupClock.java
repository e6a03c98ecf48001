package io.keyport;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * {@code keyport --measure-startup}: prints {@code startup-ms N}, the milliseconds from the start of
 * the process to the first frame that shows the loaded app list (or its empty state), then closes
 * the app. "The first frame": the desktop calls {@link #appListShown()} once the list is in the
 * scene; the next pulse lays it out and hands it to the renderer (a post-layout pulse listener sees
 * that pulse, and a runLater queued from it runs after the pulse). If no list shows within the
 * timeout the process exits 1 with a message.
 */
final class StartupClock {
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Instant processStart;
  private final PrintStream out;

  StartupClock(PrintStream out) {
    this.processStart = processStart();
    this.out = out;
  }

  /** The process's start, from the OS; the JVM's own start time where the OS does not say. */
  static Instant processStart() {
    return ProcessHandle.current().info().startInstant()
        .orElseGet(() -> Instant.ofEpochMilli(
            java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
  }

  /** A watchdog: exits 1 if the app list has not shown within {@link #TIMEOUT}. */
  StartupClock start() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("keyport: --measure-startup: no app list within " + TIMEOUT.toSeconds() + " s");
      Runtime.getRuntime().halt(1);
    }, "keyport-startup-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return this;
  }

  /** On the JavaFX thread, when the list is in the scene: measure after the frame that shows it. */
  void appListShown() {
    Scene scene = Window.getWindows().stream()
        .filter(Window::isShowing)
        .map(Window::getScene)
        .filter(s -> s != null)
        .findFirst()
        .orElse(null);
    if (scene == null) {
      report();
      return;
    }
    Runnable[] listener = new Runnable[1];
    listener[0] = () -> {
      scene.removePostLayoutPulseListener(listener[0]);
      Platform.runLater(this::report);
    };
    scene.addPostLayoutPulseListener(listener[0]);
    Platform.requestNextPulse();
  }

  private void report() {
    long ms = Duration.between(processStart, Instant.now()).toMillis();
    out.println("startup-ms " + ms);
    out.flush();
    Platform.exit();
  }
}
