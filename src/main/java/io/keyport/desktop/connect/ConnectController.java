package io.keyport.desktop.connect;

import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.FieldError;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.signin.BrowserLauncher;
import io.keyport.desktop.signin.SignInFailure;
import io.keyport.vault.KeychainUnavailableException;
import java.net.URI;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * "Connect to a team server…": the URL, then sign-in through the system browser (the primary
 * action), or username and password with the password grant as the fallback.
 */
public final class ConnectController {
  private final Connector connector;
  private final Tasks tasks;
  private final BrowserLauncher browser;
  private final StringProperty problem = new SimpleStringProperty(this, "problem");
  private Consumer<Session> onConnected = session -> {};
  private boolean connecting;

  @FXML private TextField urlField;
  @FXML private TextField usernameField;
  @FXML private PasswordField passwordField;
  @FXML private Label errorMessage;
  @FXML private Button connectButton;
  @FXML private Button cancelButton;
  @FXML private Button browserButton;

  public ConnectController(Connector connector, Tasks tasks, Links links) {
    this.connector = connector;
    this.tasks = tasks;
    // HostServices is called on the FX thread, as it expects; the flow itself runs in the
    // background
    this.browser = url -> Platform.runLater(() -> links.open(url.toString()));
  }

  @FXML
  void initialize() {
    FieldError.bind(errorMessage, problem);
    Platform.runLater(urlField::requestFocus);
    // Enter in the password field signs in with the password; elsewhere the browser is the default
    passwordField.setOnAction(
        e -> {
          e.consume();
          connect();
        });
  }

  /**
   * The primary action (UX.md 15): only the URL is needed; the system browser shows the server's
   * own sign-in and consent pages and hands the code back to a loopback listener.
   */
  @FXML
  void connectWithBrowser() {
    URI server = connecting ? null : serverOrSayWhy();
    if (server == null) {
      return;
    }
    connecting = true;
    hideError();
    browserButton.setText("Waiting for the browser…");
    setInputsDisabled(true);
    tasks
        .run(() -> connector.connectToTeamWithBrowser(server, browser))
        .onSuccess(
            session -> {
              close();
              onConnected.accept(session);
            })
        .onError(
            error ->
                showError(
                    error instanceof SignInFailure failure
                        ? failure.getMessage()
                        : describe(error)))
        .andFinally(
            () -> {
              connecting = false;
              browserButton.setText("Sign in with browser");
              setInputsDisabled(false);
            })
        .start();
  }

  /** The team server's URL as typed, or null after saying what is wrong with it. */
  private URI serverOrSayWhy() {
    try {
      return TeamSignIn.parseServer(urlField.getText());
    } catch (IllegalArgumentException e) {
      showError(e.getMessage());
      urlField.requestFocus();
      return null;
    }
  }

  /** Called with the new session once signed in; the dialog has closed by then. */
  public void setOnConnected(Consumer<Session> handler) {
    this.onConnected = handler;
  }

  /** Prefills the URL, e.g. with the team server of the settings. */
  public void prefill(String url, String username) {
    if (url != null) {
      urlField.setText(url);
    }
    if (username != null) {
      usernameField.setText(username);
    }
  }

  @FXML
  void connect() {
    URI server = connecting ? null : serverOrSayWhy();
    if (server == null) {
      return;
    }
    String username = usernameField.getText() == null ? "" : usernameField.getText().strip();
    if (username.isEmpty()) {
      showError("Enter your username on the team server.");
      usernameField.requestFocus();
      return;
    }
    if (passwordField.getText() == null || passwordField.getText().isEmpty()) {
      showError("Enter your password.");
      passwordField.requestFocus();
      return;
    }
    Secret password = Secret.of(passwordField.getText());
    connecting = true;
    hideError();
    Busy busy = Busy.on(connectButton, "Connecting…");
    setInputsDisabled(true);
    tasks
        .run(() -> connector.connectToTeam(server, username, password))
        .onSuccess(
            session -> {
              passwordField.clear();
              close();
              onConnected.accept(session);
            })
        .onError(
            error -> {
              showError(describe(error));
              passwordField.selectAll();
              passwordField.requestFocus();
            })
        .andFinally(
            () -> {
              connecting = false;
              setInputsDisabled(false);
              busy.done();
            })
        .start();
  }

  @FXML
  void cancel() {
    close();
  }

  private static String describe(Throwable error) {
    if (error instanceof KeychainUnavailableException keychain) {
      return keychain.getMessage();
    }
    if (error instanceof ApiException api && api.status() == 404) {
      return "That URL answers, but not as a Keyport server (" + Failures.describe(error) + ").";
    }
    return Failures.describe(error);
  }

  private void setInputsDisabled(boolean disabled) {
    connectButton.setDisable(disabled);
    browserButton.setDisable(disabled);
    urlField.setDisable(disabled);
    usernameField.setDisable(disabled);
    passwordField.setDisable(disabled);
  }

  private void showError(String message) {
    problem.set(message);
    if (errorMessage.getScene() != null
        && errorMessage.getScene().getWindow() instanceof Stage stage) {
      stage.sizeToScene();
    }
  }

  private void hideError() {
    problem.set(null);
  }

  private void close() {
    if (connectButton.getScene() != null
        && connectButton.getScene().getWindow() instanceof Stage stage) {
      stage.close();
    }
  }
}
