package io.keyport.desktop.create;

import io.keyport.api.App;
import io.keyport.api.ErrorSlug;
import io.keyport.api.NewApp;
import io.keyport.api.Problem;
import io.keyport.api.Rules;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.InitialFocus;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.css.PseudoClass;
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
 * "Create an App": name, website, callback URL. Errors show beside their field as the user types
 * and on Create, server errors included ({@code name-taken} on the name); the input stays after an
 * error; Create is disabled while the request runs.
 */
public final class CreateAppController {
  private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

  private final DesktopState state;
  private final Tasks tasks;
  private final Dialogs dialogs;
  private final Map<TextField, Field> fields = new HashMap<>();
  private Dialog<App> dialog;
  private boolean creating;

  @FXML private DialogPane pane;
  @FXML private ButtonType createType;
  @FXML private TextField nameField;
  @FXML private Label nameError;
  @FXML private TextField websiteField;
  @FXML private Label websiteError;
  @FXML private Hyperlink profileLink;
  @FXML private TextField callbackField;
  @FXML private Label callbackError;
  @FXML private Label formError;

  public CreateAppController(DesktopState state, Tasks tasks, Dialogs dialogs) {
    this.state = state;
    this.tasks = tasks;
    this.dialogs = dialogs;
  }

  /** One field: its rule, its error label, whether the user has touched it, the server's last word on it. */
  private static final class Field {
    final TextField input;
    final Label error;
    final Function<String, Optional<String>> rule;
    boolean touched;
    String serverValue;
    String serverMessage;

    Field(TextField input, Label error, Function<String, Optional<String>> rule) {
      this.input = input;
      this.error = error;
      this.rule = rule;
    }

    /** The error to show now: the server's, while the value is the one it refused; else the rule's. */
    Optional<String> problem() {
      String value = input.getText();
      if (serverMessage != null && value.equals(serverValue)) {
        return Optional.of(serverMessage);
      }
      return rule.apply(value);
    }
  }

  @FXML
  void initialize() {
    add(new Field(nameField, nameError, typed -> Rules.appName(typed).map(Problem::message)));
    add(new Field(websiteField, websiteError, typed -> Rules.website(typed.strip()).map(Problem::message)));
    add(new Field(callbackField, callbackError,
        typed -> Rules.callbackUrl(Rules.CALLBACK_URLS, typed.strip()).map(Problem::message)));
    callbackField.textProperty().addListener((o, a, b) -> fields.get(callbackField).touched = true);
  }

  private void add(Field field) {
    fields.put(field.input, field);
    field.input.textProperty().addListener((o, a, b) -> {
      field.touched = true;
      show(field);
    });
    field.input.focusedProperty().addListener((o, was, is) -> {
      if (!is && !field.input.getText().isEmpty()) {
        field.touched = true;
        show(field);
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
    create.addEventFilter(ActionEvent.ACTION, event -> {
      event.consume();
      create();
    });
    dialog.setOnCloseRequest(event -> {
      if (creating) {
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
    if (creating || session == null) {
      return;
    }
    fields.values().forEach(f -> f.touched = true);
    fields.values().forEach(this::show);
    hideFormError();
    Optional<Field> firstBad = List.of(nameField, websiteField, callbackField).stream()
        .map(fields::get).filter(f -> f.problem().isPresent()).findFirst();
    if (firstBad.isPresent()) {
      firstBad.get().input.requestFocus();
      return;
    }
    NewApp app = new NewApp(nameField.getText().strip(), websiteField.getText().strip(),
        List.of(callbackField.getText().strip()));
    creating = true;
    Button create = createButton();
    Button cancel = (Button) pane.lookupButton(ButtonType.CANCEL);
    cancel.setDisable(true);
    Busy busy = Busy.on(create);
    tasks.run(() -> session.client().createApp(app))
        .onSuccess(created -> {
          creating = false;
          dialog.setResult(created.app());
          dialog.close();
        })
        .onError(this::failed)
        .andFinally(() -> {
          creating = false;
          busy.done();
          cancel.setDisable(false);
        })
        .start();
  }

  private void failed(Throwable error) {
    if (error instanceof ApiException api && api.is(ErrorSlug.NAME_TAKEN)) {
      serverSays(nameField, api.serverMessage() != null ? api.messageForField()
          : "You already have an app with this name.");
      return;
    }
    if (error instanceof ApiException api && api.is(ErrorSlug.INVALID_REQUEST) && api.field() != null) {
      TextField field = api.isAbout(Rules.CALLBACK_URLS) ? callbackField
          : api.isAbout(Rules.WEBSITE) ? websiteField
          : api.isAbout(Rules.NAME) ? nameField : null;
      if (field != null) {
        serverSays(field, api.messageForField());
        return;
      }
    }
    showFormError(Failures.isUnreachable(error)
        ? Failures.describe(error) + " Your input is kept: press Create again once it is back."
        : Failures.describe(error));
  }

  private void serverSays(TextField input, String message) {
    Field field = fields.get(input);
    field.serverValue = input.getText();
    field.serverMessage = message;
    show(field);
    input.requestFocus();
  }

  @FXML
  void useProfileUrl() {
    Session session = state.session();
    if (session == null || Busy.isBusy(profileLink)) {
      return;
    }
    Busy busy = Busy.on(profileLink);
    hideFormError();
    tasks.run(() -> session.client().me())
        .onSuccess(user -> {
          if (user.canonicalUrl() != null) {
            websiteField.setText(user.canonicalUrl());
          }
          websiteField.requestFocus();
          websiteField.end();
        })
        .onError(error -> showFormError(Failures.describe(error)))
        .andFinally(busy::done)
        .start();
  }

  private void show(Field field) {
    Optional<String> problem = field.touched ? field.problem() : Optional.empty();
    field.error.setText(problem.orElse(""));
    field.error.setVisible(problem.isPresent());
    field.error.setManaged(problem.isPresent());
    field.input.pseudoClassStateChanged(DANGER, problem.isPresent());
    resize();
  }

  private void showFormError(String message) {
    formError.setText(message);
    formError.setVisible(true);
    formError.setManaged(true);
    resize();
  }

  private void hideFormError() {
    formError.setVisible(false);
    formError.setManaged(false);
  }

  private void resize() {
    if (dialog != null && dialog.isShowing() && pane.getScene() != null) {
      pane.getScene().getWindow().sizeToScene();
    }
  }
}
