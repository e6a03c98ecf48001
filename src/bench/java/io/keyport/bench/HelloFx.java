package io.keyport.bench;

import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline of the start-up benchmark: a JavaFX window with one label, the same size as Keyport's,
 * that prints the milliseconds from JVM start to its first frame the way {@code --measure-startup}
 * does, then exits. A plain main class, so it runs from the classpath like the front door.
 */
public final class HelloFx {
  private HelloFx() {}

  public static void main(String[] args) {
    Application.launch(App.class, args);
  }

  public static final class App extends Application {
    @Override
    public void start(Stage stage) {
      Label label = new Label("Hello, JavaFX");
      Scene scene = new Scene(new StackPane(label), 960, 620);
      stage.setTitle("Hello");
      stage.setScene(scene);
      FirstFrame.when(scene, label::isVisible, () -> {
        long now = System.currentTimeMillis();
        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("startup-ms " + (now - start));
        System.out.flush();
        Platform.exit();
      });
      stage.show();
    }
  }
}
