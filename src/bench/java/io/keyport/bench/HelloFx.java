package io.keyport.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline of the start-up benchmark: a JavaFX window with one label, the same size as
 * Keyport's, that prints the milliseconds from JVM start to its first frame the way {@code
 * --measure-startup} does, then exits. A plain main class, so it runs from the classpath like the
 * front door.
 */
public final class HelloFx {
  private HelloFx() {}

  public static void main(String[] args) {
    Application.launch(App.class, args);
  }

  /**
   * When this process started, as Keyport's {@code --measure-startup} reckons it: on Linux from
   * /proc (start time in clock ticks since boot, against the uptime now; within ~10 ms), because
   * ProcessHandle's start instant rests on the boot time in whole seconds and can be off by up to a
   * second; elsewhere ProcessHandle's, else the JVM's own start.
   */
  static long processStartMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[19]);
      double uptimeSeconds =
          Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
      long now = System.currentTimeMillis();
      return now - Math.round((uptimeSeconds - startTicks / 100.0) * 1000);
    } catch (Exception notLinux) {
      return ProcessHandle.current()
          .info()
          .startInstant()
          .map(Instant::toEpochMilli)
          .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getStartTime());
    }
  }

  public static final class App extends Application {
    @Override
    public void start(Stage stage) {
      Label label = new Label("Hello, JavaFX");
      Scene scene = new Scene(new StackPane(label), 960, 620);
      stage.setTitle("Hello");
      stage.setScene(scene);
      FirstFrame.when(
          scene,
          label::isVisible,
          () -> {
            long now = System.currentTimeMillis();
            System.out.println("startup-ms " + (now - processStartMillis()));
            System.out.flush();
            Platform.exit();
          });
      stage.show();
    }
  }
}
