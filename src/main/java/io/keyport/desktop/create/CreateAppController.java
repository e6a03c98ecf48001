package io.keyport.desktop.create;

import io.keyport.api.App;
import io.keyport.desktop.detail.AppForm;
import io.keyport.desktop.detail.AppForm.Field;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.FieldError;
import io.keyport.desktop.fx.InitialFocus;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * "Create an App": name, website, callback URL, bound to an {@link AppForm}. Errors show beside
 * their field as the user types and on Create, server errors included ({@code name-taken} on the
 * name); the input stays after an error; Create is disabled while the request runs.
 */
public final class CreateAppController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Dialogs dialogs;
  private final AppForm form = AppForm.forCreate();
  private final StringProperty formProblem = new SimpleStringProperty(this, "formProblem");
  private Map<Field, TextField> inputs;
  private Dialog<App> dialog;
  private Busy creating;

  @FXML private DialogPane pane;
  @FXML private ButtonType createType;
  @FXML private TextField nameField;
  @FXML private Label nameError;
  @FXML private TextField websiteField;
  @FXML private Label websiteError;
  @FXML private Hyperlink profileLink;
  @FXML private TextField callbackField;
  @FXML private Label callbackError;
  @FXML private Label callbackHint;
  @FXML private Label formError;

  public CreateAppController(DesktopState state, Tasks tasks, Dialogs dialogs) {
    this.state = state;
    this.tasks = tasks;
    this.dialogs = dialogs;
  }

  @FXML
  void initialize() {
    inputs =
        Map.of(Field.NAME, nameField, Field.WEBSITE, websiteField, Field.CALLBACKS, callbackField);
    form.callbackProperty().set(callbackField.getText());
    nameField.textProperty().bindBidirectional(form.nameProperty());
    websiteField.textProperty().bindBidirectional(form.websiteProperty());
    callbackField.textProperty().bindBidirectional(form.callbackProperty());
    FieldError.bind(nameError, nameField, form.problemProperty(Field.NAME));
    FieldError.bind(websiteError, websiteField, form.problemProperty(Field.WEBSITE));
    FieldError.bind(callbackError, callbackField, form.problemProperty(Field.CALLBACKS));
    FieldError.bind(callbackHint, form.callbackHintProperty());
    FieldError.bind(formError, formProblem);
    inputs.forEach(
        (field, input) ->
            input
                .focusedProperty()
                .addListener(
                    (o, was, is) -> {
                      if (!is && !input.getText().isEmpty()) {
                        form.touch(field);
                      }
                    }));
    for (Label label :
        new Label[] {nameError, websiteError, callbackError, callbackHint, formError}) {
      label.visibleProperty().addListener((o, was, is) -> resize());
      label.textProperty().addListener((o, was, is) -> resize());
    }
    form.savingProperty()
        .addListener(
            (o, was, is) -> {
              Button cancel = (Button) pane.lookupButton(ButtonType.CANCEL);
              cancel.setDisable(is);
              if (is) {
                creating = Busy.on(createButton());
              } else if (creating != null) {
                creating.done();
                creating = null;
              }
            });
  }

  /** Shows the dialog; the created app when the user created one, empty when cancelled. */
  public Optional<App> showAndWait(Node from) {
    dialog = new Dialog<>();
    dialog.setTitle("Create an App");
    dialog.setDialogPane(pane);
    dialog.setResultConverter(button -> null);
    dialogs.prepare(dialog, from);
    Button create = createButton();
    create.setAccessibleText("Create the app");
    create.addEventFilter(
        ActionEvent.ACTION,
        event -> {
          event.consume();
          create();
        });
    dialog.setOnCloseRequest(
        event -> {
          if (form.savingProperty().get()) {
            event.consume();
          }
        });
    dialog.setOnShown(e -> InitialFocus.on(nameField));
    return dialog.showAndWait();
  }

  Button createButton() {
    return (Button) pane.lookupButton(createType);
  }

  /** Validates every field, then creates the app in the background. */
  void create() {
    Session session = state.session();
    if (form.savingProperty().get() || session == null) {
      return;
    }
    formProblem.set(null);
    form.create(
            tasks,
            app -> session.client().createApp(app).app(),
            created -> {
              dialog.setResult(created);
              dialog.close();
            },
            field -> inputs.get(field).requestFocus(),
            error ->
                formProblem.set(
                    Failures.isUnreachable(error)
                        ? Failures.describe(error)
                            + " Your input is kept: press Create again once it is back."
                        : Failures.describe(error)))
        .ifPresent(firstBad -> inputs.get(firstBad).requestFocus());
  }

  @FXML
  void useProfileUrl() {
    Session session = state.session();
    if (session == null || Busy.isBusy(profileLink)) {
      return;
    }
    Busy busy = Busy.on(profileLink);
    formProblem.set(null);
    tasks
        .run(() -> session.client().me())
        .onSuccess(
            user -> {
              if (user.canonicalUrl() != null) {
                websiteField.setText(user.canonicalUrl());
              }
              websiteField.requestFocus();
              websiteField.end();
            })
        .onError(error -> formProblem.set(Failures.describe(error)))
        .andFinally(busy::done)
        .start();
  }

  private void resize() {
    if (dialog != null && dialog.isShowing() && pane.getScene() != null) {
      pane.getScene().getWindow().sizeToScene();
    }
  }
}
