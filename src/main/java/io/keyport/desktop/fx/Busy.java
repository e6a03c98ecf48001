package io.keyport.desktop.fx;

import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ProgressIndicator;

/**
 * Shows that a control's work is running: the control is disabled (no second press) and shows a
 * small spinner until {@link #done()}. A control whose disable is bound must include its own busy
 * flag in that binding; Busy then only shows the spinner.
 */
public final class Busy {
  private final ButtonBase control;
  private final Node previousGraphic;
  private final boolean wasDisabled;
  private final boolean wasFocused;
  private final String previousText;

  private Busy(ButtonBase control, String busyText) {
    this.control = control;
    this.previousGraphic = control.getGraphic();
    this.previousText = busyText == null ? null : control.getText();
    this.wasDisabled = control.isDisable();
    this.wasFocused = control.isFocused();
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.getStyleClass().add(Styles.BUTTON_SPINNER);
    spinner.setPrefSize(14, 14);
    spinner.setMaxSize(14, 14);
    control.setGraphic(spinner);
    if (busyText != null) {
      control.setText(busyText);
    }
    if (!control.disableProperty().isBound()) {
      control.setDisable(true);
    }
    control.getProperties().put(Busy.class, this);
  }

  /** Marks {@code control} busy. */
  public static Busy on(ButtonBase control) {
    return new Busy(control, null);
  }

  /** Marks {@code control} busy, saying so in its text ("Connecting…") until {@link #done()}. */
  public static Busy on(ButtonBase control, String busyText) {
    return new Busy(control, busyText);
  }

  /** True while some work started by {@code control} runs. */
  public static boolean isBusy(ButtonBase control) {
    return control.getProperties().containsKey(Busy.class);
  }

  public void done() {
    control.getProperties().remove(Busy.class);
    control.setGraphic(previousGraphic);
    if (previousText != null) {
      control.setText(previousText);
    }
    if (!control.disableProperty().isBound()) {
      control.setDisable(wasDisabled);
    }
    if (wasFocused && !control.isDisabled() && control.getScene() != null) {
      Node owner = control.getScene().getFocusOwner();
      if (owner == null || owner instanceof ButtonBase) {
        control.requestFocus();
      }
    }
  }
}
