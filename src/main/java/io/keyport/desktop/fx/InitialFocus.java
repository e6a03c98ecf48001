package io.keyport.desktop.fx;

import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.InputEvent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;

/**
 * Puts the cursor in a dialog's first field when the dialog opens, and keeps it there until the
 * user presses a key or the mouse. A dialog's button bar gives its default button the focus on its
 * first layout, which under a real window manager comes after the dialog is shown; without this,
 * what the user types first goes to the button (a space presses it).
 */
public final class InitialFocus {
  private InitialFocus() {}

  /**
   * {@code field} gets the focus when its scene's window shows, until the user first acts in it.
   */
  public static void on(Node field) {
    Scene scene = field.getScene();
    if (scene == null) {
      throw new IllegalStateException("the field must be in its dialog's scene already");
    }
    ChangeListener<Node> keep =
        (o, old, owner) -> {
          if (owner != field && field.getScene() == scene && !field.isDisabled()) {
            Platform.runLater(field::requestFocus);
          }
        };
    EventHandler<InputEvent> userActed =
        new EventHandler<>() {
          @Override
          public void handle(InputEvent e) {
            scene.focusOwnerProperty().removeListener(keep);
            scene.removeEventFilter(KeyEvent.KEY_PRESSED, this);
            scene.removeEventFilter(MouseEvent.MOUSE_PRESSED, this);
          }
        };
    scene.focusOwnerProperty().addListener(keep);
    scene.addEventFilter(KeyEvent.KEY_PRESSED, userActed);
    scene.addEventFilter(MouseEvent.MOUSE_PRESSED, userActed);
    field.requestFocus();
  }
}
