package io.keyport.desktop.fx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Every dialog of the desktop goes through here: owned by the main window, with Keyport's looks.
 */
public final class Dialogs {
  private static final String CSS =
      Objects.requireNonNull(Dialogs.class.getResource("/io/keyport/desktop/keyport.css"))
          .toExternalForm();

  /** Gives {@code dialog} its owner (the window of {@code from}) and Keyport's stylesheet. */
  public <R> Dialog<R> prepare(Dialog<R> dialog, Node from) {
    Window owner = from == null || from.getScene() == null ? null : from.getScene().getWindow();
    if (owner != null && dialog.getOwner() == null) {
      dialog.initOwner(owner);
    }
    DialogPane pane = dialog.getDialogPane();
    if (!pane.getStylesheets().contains(CSS)) {
      pane.getStylesheets().add(CSS);
    }
    return dialog;
  }

  /**
   * Asks before something that cannot be undone; true when the user pressed {@code action}. Cancel
   * is the default button, so Enter does not confirm by accident; Esc cancels.
   */
  public boolean confirm(Node from, String title, String header, String content, String action) {
    ButtonType act = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, content, act, ButtonType.CANCEL);
    alert.setTitle(title);
    alert.setHeaderText(header);
    prepare(alert, from);
    Button actButton = (Button) alert.getDialogPane().lookupButton(act);
    actButton.setDefaultButton(false);
    actButton.getStyleClass().add(Styles.DANGER);
    ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    Optional<ButtonType> answer = alert.showAndWait();
    return answer.isPresent() && answer.get() == act;
  }

  /**
   * Asks for one of {@code choices} (radio buttons, {@code initial} selected) before {@code
   * action}; the chosen one when the user pressed {@code action}, empty on Cancel or Esc. Cancel is
   * the default button, so Enter does not act by accident.
   */
  public <T> Optional<T> choose(
      Node from,
      String title,
      String header,
      String content,
      List<T> choices,
      T initial,
      String action) {
    ButtonType act = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, act, ButtonType.CANCEL);
    alert.setTitle(title);
    alert.setHeaderText(header);
    ToggleGroup group = new ToggleGroup();
    VBox body = new VBox(8);
    Label text = new Label(content);
    text.setWrapText(true);
    text.setMinHeight(Region.USE_PREF_SIZE);
    body.getChildren().add(text);
    for (T choice : choices) {
      RadioButton radio = new RadioButton(String.valueOf(choice));
      radio.setUserData(choice);
      radio.setToggleGroup(group);
      radio.setSelected(Objects.equals(choice, initial));
      body.getChildren().add(radio);
    }
    alert.getDialogPane().setContent(body);
    prepare(alert, from);
    ((Button) alert.getDialogPane().lookupButton(act)).setDefaultButton(false);
    ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    Optional<ButtonType> answer = alert.showAndWait();
    if (answer.isEmpty() || answer.get() != act || group.getSelectedToggle() == null) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    T chosen = (T) group.getSelectedToggle().getUserData();
    return Optional.of(chosen);
  }
}
