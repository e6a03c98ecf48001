package io.keyport.desktop.common;

import java.util.Objects;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A modal dialog window over the main window: the owner's stylesheets, Keyport's icons, sized to
 * its content, and Esc closes it.
 */
public final class DialogStage {
  private DialogStage() {}

  /** A new stage holding {@code root}, modal to {@code owner} (may be null in tests); not shown yet. */
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
      scene.getStylesheets().add(Objects.requireNonNull(
          DialogStage.class.getResource("/io/keyport/desktop/keyport.css")).toExternalForm());
    }
    scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
      if (e.getCode() == KeyCode.ESCAPE) {
        e.consume();
        stage.close();
      }
    });
    stage.setScene(scene);
    stage.sizeToScene();
    return stage;
  }
}
