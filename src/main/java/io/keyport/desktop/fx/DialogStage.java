package io.keyport.desktop.fx;

import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * A modal dialog window over the main window: the owner's stylesheets, Keyport's icons, sized to
 * its content, and Esc closes it.
 */
public final class DialogStage {
  private static final KeyCombination ENTER = new KeyCodeCombination(KeyCode.ENTER);

  private DialogStage() {}

  /**
   * A new stage holding {@code root}, modal to {@code owner} (may be null in tests); not shown yet.
   */
  public static Stage create(Window owner, Parent root, String title) {
    Stage stage = WindowIcons.apply(new Stage());
    stage.setTitle(title);
    Scene scene = new Scene(root);
    if (owner != null) {
      stage.initOwner(owner);
      stage.initModality(Modality.WINDOW_MODAL);
      if (owner.getScene() != null) {
        scene.getStylesheets().setAll(owner.getScene().getStylesheets());
      }
    }
    if (scene.getStylesheets().isEmpty()) {
      scene
          .getStylesheets()
          .add(
              Objects.requireNonNull(
                      DialogStage.class.getResource("/io/keyport/desktop/keyport.css"))
                  .toExternalForm());
    }
    scene.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            e.consume();
            stage.close();
          }
        });
    stage.setScene(scene);
    stage.sizeToScene();
    // under GTK (openbox) a stage sized before it was shown can come up at the window system's
    // 200x200 (Connect to a team server did once, by hand; a race, not reproduced since): fit it to
    // its content once it has a size, which does nothing when it already fits
    stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> fit(root));
    return stage;
  }

  /**
   * Enter inside {@code node} presses {@code main} (a dialog's main button) when it is enabled: for
   * controls that keep Enter to themselves, such as a list.
   */
  public static void enterPresses(Node node, Button main) {
    node.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (ENTER.match(e)) {
            e.consume();
            if (!main.isDisabled()) {
              main.fire();
            }
          }
        });
  }

  /**
   * Grows the dialog holding {@code node} when its content now needs more room (a warning
   * appeared), up to the screen's height, so nothing gets squeezed; it never shrinks what the user
   * sized.
   */
  public static void fit(Node node) {
    if (node.getScene() == null
        || !(node.getScene().getWindow() instanceof Stage stage)
        || !stage.isShowing()) {
      return;
    }
    Platform.runLater(
        () -> {
          Scene scene = stage.getScene();
          if (!stage.isShowing() || scene.getHeight() <= 0 || !(stage.getHeight() > 0)) {
            // not sized by the window system yet: resizing now asked GTK for a height of 0
            // (Gtk-CRITICAL gtk_window_resize: assertion 'height > 0'); fit once it has a size
            scene
                .heightProperty()
                .addListener(
                    new InvalidationListener() {
                      @Override
                      public void invalidated(Observable o) {
                        if (scene.getHeight() > 0) {
                          scene.heightProperty().removeListener(this);
                          fit(node);
                        }
                      }
                    });
            return;
          }
          Parent root = scene.getRoot();
          root.applyCss();
          root.layout();
          double needed = root.prefHeight(scene.getWidth());
          if (needed <= scene.getHeight()) {
            return;
          }
          Rectangle2D screen =
              Screen.getScreensForRectangle(stage.getX(), stage.getY(), 1, 1).stream()
                  .findFirst()
                  .orElse(Screen.getPrimary())
                  .getVisualBounds();
          // to the scene's size (setHeight alone asked GTK for a width of 0: Gtk-CRITICAL
          // gtk_window_resize: assertion 'width > 0', and a 200x200 window), keeping the width as
          // it is (or as the user made it) and the height within the screen
          double width = stage.getWidth();
          stage.sizeToScene();
          stage.setWidth(Math.max(width, stage.getWidth()));
          stage.setHeight(Math.min(stage.getHeight(), screen.getHeight()));
          if (stage.getY() + stage.getHeight() > screen.getMaxY()) {
            stage.setY(Math.max(screen.getMinY(), screen.getMaxY() - stage.getHeight()));
          }
        });
  }
}
