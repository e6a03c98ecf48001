package io.keyport.desktop.trysignin;

import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Feedback;
import io.keyport.desktop.fx.SecretField;
import io.keyport.desktop.fx.Styles;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.signin.Masking;
import io.keyport.desktop.token.AppTokens;
import io.keyport.vault.Vault;
import java.util.Optional;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * Try sign-in's result: the token, masked, with Copy (through the clipboard guard) and Save to
 * keychain (kept as the tokens block keeps the user's token for the app, {@link AppTokens#keep}).
 */
public final class TryResultController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Vault vault;
  private final SecretClipboard clipboard;
  private App app;
  private AccessToken token;
  private Runnable onSaved = () -> {};

  @FXML private TextField tokenField;
  @FXML private Button copyTokenButton;
  @FXML private Button saveButton;
  @FXML private Label saveLine;

  public TryResultController(
      DesktopState state, Tasks tasks, Vault vault, SecretClipboard clipboard) {
    this.state = state;
    this.tasks = tasks;
    this.vault = vault;
    this.clipboard = clipboard;
  }

  @FXML
  void initialize() {
    SecretField.copyThrough(tokenField, this::copyToken);
    saveLine.visibleProperty().bind(saveLine.textProperty().isNotEmpty());
    saveLine.managedProperty().bind(saveLine.textProperty().isNotEmpty());
  }

  /** Shows {@code issued} (null: nothing); {@code onSaved} runs once it was kept. */
  void show(App shown, AccessToken issued, Runnable saved) {
    this.app = shown;
    this.token = issued;
    this.onSaved = saved;
    result("", true);
    if (issued == null) {
      tokenField.clear();
      return;
    }
    tokenField.setText(
        Masking.last4(issued.accessToken())
            + (issued.token() == null
                ? ""
                : "   scopes: " + String.join(" ", issued.token().scopes())));
    Session session = state.session();
    Optional<String> why =
        session == null ? Optional.empty() : notKeepable(issued, session.username());
    saveButton.setDisable(why.isPresent());
    why.ifPresent(w -> result(w, false));
  }

  /**
   * Why the token cannot be kept as {@code username}'s own for the app (another account signed in
   * in the browser), or empty.
   */
  static Optional<String> notKeepable(AccessToken issued, String username) {
    if (issued.token() == null || issued.token().user() == null) {
      return Optional.empty();
    }
    String who = issued.token().user().username();
    if (username.equals(who)) {
      return Optional.empty();
    }
    return Optional.of(
        "Signed in as "
            + who
            + " in the browser, not as "
            + username
            + ": Keyport keeps only your own tokens in the keychain. Copy it instead.");
  }

  @FXML
  void copyToken() {
    if (token != null) {
      clipboard.copySecret(token.accessToken().reveal(), "access token");
      Feedback.flash(copyTokenButton, "Copied");
    }
  }

  @FXML
  void save() {
    AccessToken issued = token;
    Session session = state.session();
    App shown = app;
    if (issued == null || session == null || Busy.isBusy(saveButton)) {
      return;
    }
    Busy busy = Busy.on(saveButton);
    tasks
        .run(
            () -> {
              boolean replaced = AppTokens.entryFor(vault, session, shown).isPresent();
              return AppTokens.keep(vault, session, shown, issued, replaced);
            })
        .onSuccess(
            kept -> {
              if (kept.saved()) {
                result(
                    "Saved to "
                        + kept.savedTo()
                        + " as your token for "
                        + shown.name()
                        + (kept.replaced()
                            ? "; it takes the place of the one kept before (that one still works"
                                + " until you revoke it)."
                            : "."),
                    true);
                onSaved.run();
              } else {
                result("Not saved: " + kept.notSavedReason(), false);
              }
            })
        .onError(error -> result("Not saved: " + error.getMessage(), false))
        .andFinally(busy::done)
        .start();
  }

  private void result(String text, boolean good) {
    saveLine.setText(text);
    saveLine.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
    saveLine.getStyleClass().addAll("result-line", good ? Styles.SUCCESS : Styles.DANGER);
  }
}
