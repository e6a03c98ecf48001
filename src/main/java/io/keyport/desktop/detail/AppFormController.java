package io.keyport.desktop.detail;

import io.keyport.desktop.detail.AppForm.Field;
import io.keyport.desktop.fx.FieldError;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;

/**
 * {@code app-form.fxml}, the app detail's fields: name, website and callback URLs bound to an
 * {@link AppForm}, with each field's problem beside it; the secret row is its own block inside.
 */
public final class AppFormController {
  private final AppForm form = AppForm.forEdit();

  @FXML private TextField nameField;
  @FXML private Label nameError;
  @FXML private TextField websiteField;
  @FXML private Label websiteError;
  @FXML private ListView<String> callbackList;
  @FXML private TextField newCallbackField;
  @FXML private Button removeCallbackButton;
  @FXML private Label callbackError;
  @FXML private Label callbackHint;
  @FXML private SecretRowController secretRowController;

  public AppFormController() {}

  @FXML
  void initialize() {
    nameField.textProperty().bindBidirectional(form.nameProperty());
    websiteField.textProperty().bindBidirectional(form.websiteProperty());
    newCallbackField.textProperty().bindBidirectional(form.callbackProperty());
    callbackList.setItems(form.callbacks());
    callbackList.setPlaceholder(new Label("No callback URL yet: add one below."));
    FieldError.bind(nameError, nameField, form.problemProperty(Field.NAME));
    FieldError.bind(websiteError, websiteField, form.problemProperty(Field.WEBSITE));
    FieldError.bind(callbackError, newCallbackField, form.problemProperty(Field.CALLBACKS));
    FieldError.bind(callbackHint, form.callbackHintProperty());
    removeCallbackButton
        .disableProperty()
        .bind(callbackList.getSelectionModel().selectedItemProperty().isNull());
    newCallbackField.setOnAction(e -> addCallback());
    callbackList.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.DELETE
              && callbackList.getSelectionModel().getSelectedItem() != null) {
            removeCallback();
          }
        });
  }

  /** The fields' state: the page's Save, Reload and leave ask it. */
  public AppForm form() {
    return form;
  }

  /** The client ID and secret block. */
  public SecretRowController secretRow() {
    return secretRowController;
  }

  @FXML
  void addCallback() {
    String url = newCallbackField.getText().strip();
    if (form.addCallback()) {
      callbackList.getSelectionModel().select(url);
    } else {
      newCallbackField.requestFocus();
    }
  }

  @FXML
  void removeCallback() {
    String selected = callbackList.getSelectionModel().getSelectedItem();
    if (selected != null) {
      form.callbacks().remove(selected);
    }
  }
}
