package io.keyport.launch;

import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.session.LaunchProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * {@code keyport --measure-startup}: prints {@code startup-ms N}, the milliseconds from the start
 * of the process to the first frame that shows the loaded app list (or its empty state), then
 * closes the app. "The first frame": the desktop calls {@link #appListShown()} once the list is in
 * the scene; the next pulse lays it out and hands it to the renderer (a post-layout pulse listener
 * sees that pulse, and a runLater queued from it runs after the pulse). If the first load fails, or
 * no list shows within the timeout, the process exits 1 with a message.
 */
final class StartupClock {
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Instant processStart;
  private final PrintStream out;
  private volatile int exitCode;

  StartupClock(PrintStream out) {
    this.processStart = processStart();
    this.out = out;
  }

  /**
   * The process's start. On Linux from /proc: the start time in clock ticks since boot ({@code
   * /proc/self/stat}, field 22) against the uptime now ({@code /proc/uptime}), good to ~10 ms; not
   * ProcessHandle's start instant, which adds that to the boot time in whole seconds and so can be
   * off by up to a second (it was 435 ms early on the benchmark machine). Elsewhere ProcessHandle's
   * (macOS and Windows give it exactly), else the JVM's own start time.
   */
  static Instant processStart() {
    Instant fromProc = linuxProcessStart();
    if (fromProc != null) {
      return fromProc;
    }
    return ProcessHandle.current()
        .info()
        .startInstant()
        .orElseGet(() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
  }

  static Instant linuxProcessStart() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces: state is field
      // 3.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[19]);
      String uptime = Files.readString(Path.of("/proc/uptime"));
      double uptimeSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      long now = System.currentTimeMillis();
      // USER_HZ, the unit of starttime, is 100 on every Linux architecture Java runs on.
      return Instant.ofEpochMilli(now - Math.round((uptimeSeconds - startTicks / 100.0) * 1000));
    } catch (IOException | RuntimeException notLinux) {
      return null;
    }
  }

  /** A watchdog: exits 1 if the app list has not shown within {@link #TIMEOUT}. */
  StartupClock start() {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(TIMEOUT.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              System.err.println(
                  "keyport: --measure-startup: no app list within " + TIMEOUT.toSeconds() + " s");
              Runtime.getRuntime().halt(1);
            },
            "keyport-startup-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return this;
  }

  /** The probe the desktop tells when the first app list shows, or failed to load. */
  LaunchProbe probe() {
    return LaunchProbe.of(this::appListShown, this::appListFailed);
  }

  /** On the JavaFX thread, when the list is in the scene: measure after the frame that shows it. */
  void appListShown() {
    Scene scene =
        Window.getWindows().stream()
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
    listener[0] =
        () -> {
          scene.removePostLayoutPulseListener(listener[0]);
          Platform.runLater(this::report);
        };
    scene.addPostLayoutPulseListener(listener[0]);
    Platform.requestNextPulse();
  }

  /**
   * On the JavaFX thread, when the first load failed (the desktop shows why): exit 1 with the
   * reason.
   */
  void appListFailed(Throwable error) {
    System.err.println(
        "keyport: --measure-startup: the app list did not load: " + Failures.describe(error));
    exitCode = 1;
    Platform.exit();
  }

  /** 0 once the figure is printed, 1 if the first load failed. */
  int exitCode() {
    return exitCode;
  }

  private void report() {
    long ms = Duration.between(processStart, Instant.now()).toMillis();
    out.println("startup-ms " + ms);
    out.flush();
    Platform.exit();
  }
}
