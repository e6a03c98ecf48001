package io.keyport.desktop.token;

import io.keyport.desktop.fx.Feedback;
import io.keyport.desktop.fx.SecretField;
import io.keyport.desktop.session.SecretClipboard;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * "Your new access token": the token once, to copy; where it was kept (or why it was not kept
 * anywhere); that the earlier one stopped working; what to do next.
 */
public final class NewTokenController {
  private final SecretClipboard clipboard;
  private final BooleanProperty saved = new SimpleBooleanProperty(this, "saved");
  private final BooleanProperty notSaved = new SimpleBooleanProperty(this, "notSaved");
  private final BooleanProperty replaced = new SimpleBooleanProperty(this, "replaced");

  @FXML private Label title;
  @FXML private Label scopesLine;
  @FXML private TextField tokenField;
  @FXML private Button copyButton;
  @FXML private Label savedLine;
  @FXML private Label notSavedLine;
  @FXML private Label replacedLine;
  @FXML private Button doneButton;
  @FXML private WhatsNextController whatsNextController;

  public NewTokenController(SecretClipboard clipboard) {
    this.clipboard = clipboard;
  }

  /** True once the token shown was saved to the keychain: the line saying where shows. */
  public BooleanProperty savedProperty() {
    return saved;
  }

  public boolean isSaved() {
    return saved.get();
  }

  /** True once the token shown could not be saved: the line saying why shows. */
  public BooleanProperty notSavedProperty() {
    return notSaved;
  }

  public boolean isNotSaved() {
    return notSaved.get();
  }

  /** True once the token shown replaced an earlier one: the line saying so shows. */
  public BooleanProperty replacedProperty() {
    return replaced;
  }

  public boolean isReplaced() {
    return replaced.get();
  }

  @FXML
  void initialize() {
    SecretField.copyThrough(tokenField, this::copy);
  }

  public void show(GeneratedToken generated) {
    title.setText("Your new access token for " + generated.app().name());
    if (generated.info() != null && generated.info().scopes() != null) {
      scopesLine.setText("Scopes: " + String.join(", ", generated.info().scopes()));
    }
    tokenField.setText(generated.token().reveal());
    if (generated.saved()) {
      savedLine.setText(
          "Saved to "
              + generated.savedTo()
              + ". Keyport lists it on the app's page;"
              + " you can copy it from there later.");
      saved.set(true);
    } else {
      notSavedLine.setText(
          "Not saved: "
              + generated.notSavedReason()
              + " The token is not saved anywhere — copy it now; once this dialog is closed it is gone"
              + " (you can always generate a new one).");
      notSaved.set(true);
    }
    if (generated.replaced()) {
      replacedLine.setText(
          "This token replaces your previous one for "
              + generated.app().name()
              + ": the previous token has stopped working.");
      replaced.set(true);
    }
    whatsNextController.setServer(generated.server());
  }

  @FXML
  void copy() {
    clipboard.copySecret(tokenField.getText(), "access token");
    Feedback.flash(copyButton, "Copied");
    // copied: Enter now means Done, not Copy again
    doneButton.requestFocus();
  }

  @FXML
  void done() {
    tokenField.clear();
    if (doneButton.getScene() != null && doneButton.getScene().getWindow() instanceof Stage stage) {
      stage.close();
    }
  }
}
