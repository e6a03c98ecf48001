package io.keyport.desktop.token;

import io.keyport.api.App;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.client.ApiException;
import io.keyport.desktop.broadcast.BroadcastController;
import io.keyport.desktop.broadcast.BroadcastModel;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.scopes.ScopesController;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Session;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The app detail's second block: "Generate a user token for yourself", and the user's token for the
 * app as the vault keeps it — scopes, created, last four — with Copy, Test and Revoke.
 */
public final class TokensBlockController {
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private final DesktopState state;
  private final Tasks tasks;
  private final Vault vault;
  private final Views views;
  private final SecretClipboard clipboard;
  private App app;
  private VaultEntry entry;
  private boolean busy;

  @FXML private Hyperlink generateLink;
  @FXML private Label emptyLine;
  @FXML private VBox entryBox;
  @FXML private Label scopesValue;
  @FXML private Label createdValue;
  @FXML private Label last4Value;
  @FXML private Label keptInValue;
  @FXML private Button copyButton;
  @FXML private Button testButton;
  @FXML private Button revokeButton;
  @FXML private HBox revokeConfirm;
  @FXML private Button confirmRevokeButton;
  @FXML private Label resultLine;
  @FXML private Parent whatsNext;
  @FXML private WhatsNextController whatsNextController;

  public TokensBlockController(
      DesktopState state, Tasks tasks, Vault vault, Views views, SecretClipboard clipboard) {
    this.state = state;
    this.tasks = tasks;
    this.vault = vault;
    this.views = views;
    this.clipboard = clipboard;
  }

  @FXML
  void initialize() {
    show(whatsNext, false);
    whatsNextController.onSendBroadcast(this::openBroadcast);
  }

  /** Shows {@code app}'s token from the vault's index (read in the background). */
  public void setApp(App app) {
    this.app = app;
    refresh();
  }

  /** Reads the vault's index again. */
  public void refresh() {
    Session session = state.session();
    App shown = app;
    if (session == null || shown == null) {
      return;
    }
    tasks.run(() -> AppTokens.entryFor(vault, session, shown))
        .onSuccess(found -> {
          if (shown == app) {
            showEntry(found, session);
          }
        })
        .onError(error -> showResult("Cannot read the keychain's index: " + Failures.describe(error), false))
        .start();
  }

  private void showEntry(Optional<VaultEntry> found, Session session) {
    entry = found.orElse(null);
    boolean present = entry != null;
    show(entryBox, present);
    show(emptyLine, !present);
    show(whatsNext, present);
    show(revokeConfirm, false);
    emptyLine.setText("No token of yours for this app is kept in " + vault.keychainName() + ".");
    if (present) {
      scopesValue.setText(String.join(", ", entry.scopes()));
      createdValue.setText(entry.createdAt() == null ? "" : CREATED.format(entry.createdAt()));
      last4Value.setText("…" + entry.last4());
      keptInValue.setText(vault.keychainName());
      whatsNextController.setServer(session.baseUrl());
    }
  }

  @FXML
  void openScopes() {
    openScopes(List.of());
  }

  /** The scope checklist, with {@code alsoChecked} checked besides the current token's scopes. */
  private void openScopes(List<String> alsoChecked) {
    if (app == null || state.session() == null) {
      return;
    }
    Views.Loaded<ScopesController> scopes = views.load(ScopesController.class, "scopes.fxml");
    Stage dialog = DialogStage.create(owner(), scopes.root(), "Generate a user token");
    scopes.controller().start(app, generated -> {
      showNewToken(generated);
      refresh();
    }, alsoChecked);
    dialog.show();
  }

  /** UX.md step 9: the composer, with the token kept for this app (never the desktop's own). */
  private void openBroadcast() {
    VaultEntry kept = entry;
    if (app == null || kept == null || state.session() == null) {
      return;
    }
    Views.Loaded<BroadcastController> composer = views.load(BroadcastController.class, "broadcast.fxml");
    Stage dialog = DialogStage.create(owner(), composer.root(), BroadcastController.WINDOW_TITLE);
    composer.controller().start(app, kept.key(), () -> openScopes(List.of(BroadcastModel.PUBLIC_MESSAGES)));
    dialog.show();
  }

  private void showNewToken(GeneratedToken generated) {
    Views.Loaded<NewTokenController> loaded = views.load(NewTokenController.class, "new-token.fxml");
    loaded.controller().show(generated);
    DialogStage.create(owner(), loaded.root(), "Your new access token").show();
  }

  @FXML
  void copy() {
    VaultEntry kept = entry;
    if (kept == null || busy) {
      return;
    }
    begin(copyButton);
    tasks.run(() -> vault.read(kept.key()))
        .onSuccess(token -> {
          if (token.isPresent()) {
            clipboard.copySecret(token.get().reveal(), "access token");
            showResult("Copied the token ending in " + kept.last4() + ".", true);
          } else {
            showResult(vault.keychainName() + " no longer holds this token. Generate a new one.", false);
          }
        })
        .onError(error -> showResult(describe(error), false))
        .andFinally(() -> end(copyButton, "Copy"))
        .start();
  }

  @FXML
  void test() {
    VaultEntry kept = entry;
    Session session = state.session();
    if (kept == null || busy || session == null) {
      return;
    }
    begin(testButton);
    tasks.run(() -> {
          Secret token = readOrFail(kept.key());
          return session.client().withToken(token).currentToken();
        })
        .onSuccess(token -> showResult(describeWorking(token), true))
        .onError(error -> showResult("The server refused this token: " + describe(error), false))
        .andFinally(() -> end(testButton, "Test"))
        .start();
  }

  @FXML
  void askRevoke() {
    if (entry != null && !busy) {
      show(revokeConfirm, true);
      confirmRevokeButton.requestFocus();
    }
  }

  @FXML
  void cancelRevoke() {
    show(revokeConfirm, false);
    revokeButton.requestFocus();
  }

  @FXML
  void revoke() {
    VaultEntry kept = entry;
    Session session = state.session();
    if (kept == null || busy || session == null) {
      return;
    }
    show(revokeConfirm, false);
    begin(revokeButton);
    tasks.run(() -> {
          Optional<Secret> token = vault.read(kept.key());
          if (token.isPresent()) {
            try {
              session.client().withToken(token.get()).revokeCurrentToken();
            } catch (ApiException e) {
              // already dead on the server (revoked, expired, unknown): nothing left to revoke there
              if (!(e.is(ErrorSlug.NOT_AUTHORIZED) || e.is(ErrorSlug.INVALID_TOKEN) || e.is(ErrorSlug.TOKEN_EXPIRED))) {
                throw e;
              }
            }
          }
          vault.delete(kept.key());
          return null;
        })
        .onSuccess(done -> {
          refresh();
          showResult("Revoked the token ending in " + kept.last4() + " and removed it from "
              + vault.keychainName() + ".", true);
        })
        .onError(error -> showResult("Could not revoke the token: " + describe(error), false))
        .andFinally(() -> end(revokeButton, "Revoke…"))
        .start();
  }

  private Secret readOrFail(VaultKey key) throws KeychainUnavailableException {
    return vault.read(key).orElseThrow(() -> new KeychainUnavailableException(
        vault.keychainName() + " no longer holds this token. Generate a new one."));
  }

  private static String describeWorking(Token token) {
    StringBuilder out = new StringBuilder("It works: GET /stream/0/token answered");
    if (token.user() != null) {
      out.append(" for ").append(token.user().username());
    }
    if (token.app() != null) {
      out.append(", app ").append(token.app().name());
    }
    if (token.scopes() != null) {
      out.append(", scopes ").append(String.join(", ", token.scopes()));
    }
    if (token.expiresAt() != null) {
      out.append(", expires ").append(CREATED.format(token.expiresAt()));
    }
    return out.append('.').toString();
  }

  private static String describe(Throwable error) {
    if (error instanceof KeychainUnavailableException keychain) {
      return keychain.getMessage();
    }
    return Failures.describe(error);
  }

  private void begin(Button button) {
    busy = true;
    show(resultLine, false);
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(14, 14);
    button.setGraphic(spinner);
    copyButton.setDisable(true);
    testButton.setDisable(true);
    revokeButton.setDisable(true);
    generateLink.setDisable(true);
  }

  private void end(Button button, String text) {
    busy = false;
    button.setGraphic(null);
    button.setText(text);
    copyButton.setDisable(false);
    testButton.setDisable(false);
    revokeButton.setDisable(false);
    generateLink.setDisable(false);
    if (button.isVisible()) {
      button.requestFocus(); // disabling it moved the focus away: give it back to where the user was
    }
  }

  private void showResult(String message, boolean good) {
    resultLine.setText(message);
    resultLine.getStyleClass().removeAll("success", "danger");
    resultLine.getStyleClass().add(good ? "success" : "danger");
    show(resultLine, true);
  }

  private Window owner() {
    return generateLink.getScene() == null ? null : generateLink.getScene().getWindow();
  }

  private static void show(Node node, boolean shown) {
    node.setVisible(shown);
    node.setManaged(shown);
  }
}
