package io.keyport.desktop.detail;

import io.keyport.api.App;
import io.keyport.api.Secret;
import io.keyport.desktop.fx.Banner;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.SecretField;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.Settings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.util.Duration;

/**
 * {@code secret-row.fxml}: the client ID to copy, and the client secret masked until Reveal (hidden
 * again after the settings' timeout), Copy without showing it, and Rotate.
 */
public final class SecretRowController {
  static final String MASK = "••••••••••••••••••••••••••••••••••••";

  private final DesktopState state;
  private final Tasks tasks;
  private final ClipboardGuard clipboard;
  private final Settings settings;
  private final Dialogs dialogs;
  private final Banner banner;
  private final PauseTransition remask = new PauseTransition();
  private App app;
  private Secret revealed;
  private boolean left;

  @FXML private TextField clientIdField;
  @FXML private TextField secretField;
  @FXML private Button revealButton;
  @FXML private Button copySecretButton;
  @FXML private Button rotateButton;
  @FXML private Label secretNote;
  @FXML private LiveSecretsController liveSecretsController;

  public SecretRowController(
      DesktopState state,
      Tasks tasks,
      ClipboardGuard clipboard,
      Settings settings,
      Dialogs dialogs,
      Banner banner) {
    this.state = state;
    this.tasks = tasks;
    this.clipboard = clipboard;
    this.settings = settings;
    this.dialogs = dialogs;
    this.banner = banner;
  }

  @FXML
  void initialize() {
    secretField.setText(MASK);
    SecretField.copyThrough(secretField, this::copySecret);
    remask.setOnFinished(e -> mask());
  }

  /** Shows {@code shown}'s client ID; its secret is asked for on Reveal or Copy. */
  public void show(App shown) {
    app = shown;
    clientIdField.setText(shown == null ? "" : shown.clientId());
    liveSecretsController.show(shown);
  }

  /** True while the secret is on screen. */
  public boolean isRevealed() {
    return revealed != null;
  }

  /** The page is going away: hide the secret, stop its timer, drop a secret still being fetched. */
  public void leave() {
    left = true;
    liveSecretsController.leave();
    mask();
  }

  @FXML
  void copyClientId() {
    clipboard.copyText(clientIdField.getText(), "Client ID");
  }

  @FXML
  void toggleReveal() {
    if (revealed != null) {
      mask();
      return;
    }
    withSecret(
        revealButton,
        secret -> {
          revealed = secret;
          secretField.setText(secret.reveal());
          secretField.setAccessibleText("Client secret, shown");
          revealButton.setText("Hide");
          revealButton.setAccessibleText("Hide the client secret");
          int seconds = settings.revealTimeoutSecondsProperty().get();
          secretNote.setText("Shown for " + seconds + " s, then hidden again.");
          remask.setDuration(Duration.seconds(seconds));
          remask.playFromStart();
        });
  }

  /** Copies the secret through the clipboard guard without showing it. */
  @FXML
  void copySecret() {
    if (revealed != null) {
      clipboard.copySecret(revealed, "Client secret");
      return;
    }
    withSecret(copySecretButton, secret -> clipboard.copySecret(secret, "Client secret"));
  }

  private void withSecret(Button control, Consumer<Secret> use) {
    Session session = state.session();
    App shown = app;
    if (session == null || shown == null || Busy.isBusy(control)) {
      return;
    }
    Busy busy = Busy.on(control);
    tasks
        .run(() -> session.client().revealSecret(shown.id()))
        .onSuccess(
            secret -> {
              if (!left) {
                use.accept(secret);
              }
            })
        .onError(error -> banner.failed(error, () -> withSecret(control, use)))
        .andFinally(busy::done)
        .start();
  }

  private void mask() {
    remask.stop();
    revealed = null;
    secretField.setText(MASK);
    secretField.setAccessibleText("Client secret, hidden");
    revealButton.setText("Reveal");
    revealButton.setAccessibleText("Reveal the client secret");
    secretNote.setText("Keep the client secret secret: it lets anyone act as this app.");
  }

  @FXML
  void rotateSecret() {
    Session session = state.session();
    App shown = app;
    if (session == null || shown == null || Busy.isBusy(rotateButton)) {
      return;
    }
    Optional<LiveSecrets.Overlap> overlap =
        dialogs.choose(
            rotateButton,
            "Rotate client secret",
            "Make a new client secret for " + shown.name() + "?",
            "How long should the current secret keep working? Until then both work, so your programs can "
                + "switch to the new one without downtime.",
            List.of(LiveSecrets.Overlap.values()),
            LiveSecrets.Overlap.ONE_DAY,
            "Rotate secret");
    if (overlap.isEmpty()) {
      return;
    }
    mask();
    Busy busy = Busy.on(rotateButton);
    tasks
        .run(() -> session.client().rotateSecret(shown.id(), overlap.get().hours()))
        .onSuccess(
            secret -> {
              banner.info(LiveSecrets.rotated(overlap.get(), Instant.now()));
              liveSecretsController.refresh();
            })
        .onError(error -> banner.failed(error, null))
        .andFinally(busy::done)
        .start();
  }
}
