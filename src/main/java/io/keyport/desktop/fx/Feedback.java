package io.keyport.desktop.fx;

import javafx.animation.PauseTransition;
import javafx.scene.control.Labeled;
import javafx.util.Duration;

/**
 * Brief confirmations on the control that was used, e.g. "Copied" on a Copy button for two seconds.
 */
public final class Feedback {
  private Feedback() {}

  public static void flash(Labeled control, String text) {
    Object original =
        control.getProperties().computeIfAbsent("feedback.text", k -> control.getText());
    control.setText(text);
    PauseTransition pause = new PauseTransition(Duration.seconds(2));
    pause.setOnFinished(e -> control.setText((String) original));
    pause.play();
  }
}
