package io.keyport.bench;

import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * "The first frame that shows X": at the end of the first pulse whose layout shows X (a post-layout
 * pulse listener sees it), once that pulse has handed its frame to the renderer (a runLater queued
 * from the listener runs after the pulse). The hello world and the scale probe use it alike.
 */
final class FirstFrame {
  private FirstFrame() {}

  /**
   * Calls {@code then} (on the FX thread) once, right after the first pulse in which {@code ready}
   * holds.
   */
  static void when(Scene scene, BooleanSupplier ready, Runnable then) {
    boolean[] done = new boolean[1];
    Runnable[] listener = new Runnable[1];
    listener[0] =
        () -> {
          if (!done[0] && ready.getAsBoolean()) {
            done[0] = true;
            Platform.runLater(
                () -> {
                  scene.removePostLayoutPulseListener(listener[0]);
                  then.run();
                });
          }
        };
    scene.addPostLayoutPulseListener(listener[0]);
    Platform.requestNextPulse();
  }
}
