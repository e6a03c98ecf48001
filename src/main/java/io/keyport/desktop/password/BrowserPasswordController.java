package io.keyport.desktop.password;

import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.FieldError;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.password.BrowserPasswordModel.Field;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import java.util.Map;
import java.util.function.Consumer;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Keyport → "Browser sign-in password…", and Try sign-in's "Set a password…": the password the
 * server's web sign-in page asks for. An account without one (the embedded server's local account)
 * sets it; an account with one changes it, giving the current one. Bound to a {@link
 * BrowserPasswordModel}: the rules as typed, the server's refusals beside their field, what was
 * typed kept; Enter presses Set password.
 */
public final class BrowserPasswordController {
  static final String TITLE = "Browser sign-in password";

  private final DesktopState state;
  private final Tasks tasks;
  private final BrowserPasswordModel model = new BrowserPasswordModel();
  private Map<Field, PasswordField> inputs;
  private Consumer<String> onSet = username -> {};
  private Session session;
  private Busy busy;

  @FXML private Label intro;
  @FXML private PasswordField currentField;
  @FXML private Label currentError;
  @FXML private PasswordField passwordField;
  @FXML private Label passwordError;
  @FXML private PasswordField confirmField;
  @FXML private Label confirmError;
  @FXML private Label formError;
  @FXML private Button saveButton;
  @FXML private Button cancelButton;

  public BrowserPasswordController(DesktopState state, Tasks tasks) {
    this.state = state;
    this.tasks = tasks;
  }

  /** The dialog's state (the FXML binds to it; tests read it). */
  public BrowserPasswordModel getModel() {
    return model;
  }

  @FXML
  void initialize() {
    inputs =
        Map.of(
            Field.CURRENT,
            currentField,
            Field.PASSWORD,
            passwordField,
            Field.CONFIRM,
            confirmField);
    currentField.textProperty().bindBidirectional(model.currentProperty());
    passwordField.textProperty().bindBidirectional(model.passwordProperty());
    confirmField.textProperty().bindBidirectional(model.confirmProperty());
    FieldError.bind(currentError, currentField, model.problemProperty(Field.CURRENT));
    FieldError.bind(passwordError, passwordField, model.problemProperty(Field.PASSWORD));
    FieldError.bind(confirmError, confirmField, model.problemProperty(Field.CONFIRM));
    FieldError.bind(formError, model.formProblemProperty());
    for (Label label : new Label[] {currentError, passwordError, confirmError, formError}) {
      // a message appeared: grow the window so nothing is squeezed
      label.visibleProperty().addListener((o, was, is) -> DialogStage.fit(label));
    }
    model
        .hasPasswordProperty()
        .addListener(
            (o, was, has) -> {
              intro.setText(introFor(Boolean.TRUE.equals(has)));
              DialogStage.fit(intro);
              if (has != null && !model.savingProperty().get()) {
                // the first field to fill: the current password when changing it
                (has ? currentField : passwordField).requestFocus();
              }
            });
    model
        .savingProperty()
        .addListener(
            (o, was, is) -> {
              cancelButton.setDisable(is);
              if (is) {
                busy = Busy.on(saveButton, "Setting…");
              } else if (busy != null) {
                busy.done();
                busy = null;
              }
            });
  }

  /**
   * Shows the dialog over {@code owner} and asks the server whether the account has a password;
   * {@code onSet} gets the username once one is set. Null when not signed in.
   */
  public Stage show(Window owner, Parent root, Consumer<String> onSet) {
    session = state.session();
    if (session == null) {
      return null;
    }
    this.onSet = onSet;
    intro.setText(introFor(false));
    Stage stage = DialogStage.create(owner, root, TITLE);
    stage.setOnCloseRequest(
        e -> {
          if (model.savingProperty().get()) {
            e.consume();
          }
        });
    model.load(tasks, session.client()::passwordStatus);
    stage.show();
    DialogStage.fit(root);
    return stage;
  }

  private String introFor(boolean changing) {
    String who = session == null ? "" : ", " + session.username() + ",";
    return "The server's sign-in page in your browser (Try sign-in, or an app that signs you in"
        + " with Keyport) asks for your username"
        + who
        + " and a password. "
        + (changing
            ? "Enter your current one to change it."
            : "Choose one here; Keyport itself signs you in without it.");
  }

  @FXML
  void save() {
    Session signedIn = session;
    if (signedIn == null) {
      return;
    }
    model
        .save(
            tasks,
            request -> signedIn.client().setPassword(request.password(), request.currentPassword()),
            status -> {
              close();
              onSet.accept(signedIn.username());
            },
            this::focus)
        .ifPresent(this::focus);
  }

  private void focus(Field field) {
    PasswordField input = inputs.get(field);
    input.requestFocus();
    input.selectAll();
  }

  @FXML
  void cancel() {
    close();
  }

  private void close() {
    if (saveButton.getScene() != null && saveButton.getScene().getWindow() instanceof Stage s) {
      s.close();
    }
  }
}
