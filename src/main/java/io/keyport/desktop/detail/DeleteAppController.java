package io.keyport.desktop.detail;

import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Styles;
import java.util.Optional;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * "Delete app": the user types the app's name to confirm; Delete stays disabled until it matches.
 */
public final class DeleteAppController {
  private final Dialogs dialogs;

  @FXML private DialogPane pane;
  @FXML private ButtonType deleteType;
  @FXML private Label prompt;
  @FXML private TextField confirmField;

  public DeleteAppController(Dialogs dialogs) {
    this.dialogs = dialogs;
  }

  /** Shows the dialog; true when the user typed {@code appName} and pressed Delete. */
  public boolean confirm(Node from, String appName) {
    prompt.setText("Type the app's name, " + appName + ", to confirm.");
    Button delete = (Button) pane.lookupButton(deleteType);
    delete.setDefaultButton(false);
    delete.getStyleClass().add(Styles.DANGER);
    delete.setAccessibleText("Delete the app for good");
    delete.disableProperty().bind(confirmField.textProperty().isNotEqualTo(appName));
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.setTitle("Delete " + appName);
    dialog.setDialogPane(pane);
    dialogs.prepare(dialog, from);
    dialog.setOnShown(e -> confirmField.requestFocus());
    Optional<ButtonType> answer = dialog.showAndWait();
    return answer.isPresent() && answer.get() == deleteType;
  }
}
