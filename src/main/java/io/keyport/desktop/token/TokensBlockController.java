package io.keyport.desktop.token;

import io.keyport.api.App;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.desktop.broadcast.BroadcastModel;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dates;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Styles;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Session;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * The app detail's second block: "Generate a user token for yourself", and the user's token for the
 * app as the vault keeps it — scopes, created, last four; expires and last used as the server knows
 * them — with Copy, Test and Revoke.
 */
public final class TokensBlockController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Vault vault;
  private final TokenDialogs dialogs;
  private final SecretClipboard clipboard;
  private final Clock clock;
  private App app;
  private VaultEntry entry;
  private Busy busy;
  private final TokensBlockPanels panels = new TokensBlockPanels();

  @FXML private Hyperlink generateLink;
  @FXML private Label emptyLine;
  @FXML private Label scopesValue;
  @FXML private Label createdValue;
  @FXML private Label last4Value;
  @FXML private Label keptInValue;
  @FXML private Label expiresValue;
  @FXML private Label expiryBadge;
  @FXML private Label lastUsedValue;
  @FXML private Button copyButton;
  @FXML private Button testButton;
  @FXML private Button revokeButton;
  @FXML private Button confirmRevokeButton;
  @FXML private Label resultLine;
  @FXML private WhatsNextController whatsNextController;

  public TokensBlockController(
      DesktopState state,
      Tasks tasks,
      Vault vault,
      Views views,
      SecretClipboard clipboard,
      Clock clock) {
    this.clock = clock;
    this.state = state;
    this.tasks = tasks;
    this.vault = vault;
    this.dialogs = new TokenDialogs(views);
    this.clipboard = clipboard;
  }

  /** The block's state, bound from {@code tokens-block.fxml}. */
  public TokensBlockPanels getPanels() {
    return panels;
  }

  @FXML
  void initialize() {
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
    tasks
        .run(() -> AppTokens.entryFor(vault, session, shown))
        .onSuccess(
            found -> {
              if (shown == app) {
                showEntry(found, session);
              }
            })
        .onError(
            error ->
                showResult("Cannot read the keychain's index: " + Failures.describe(error), false))
        .start();
  }

  private void showEntry(Optional<VaultEntry> found, Session session) {
    entry = found.orElse(null);
    panels.presentProperty().set(entry != null);
    panels.confirmingProperty().set(false);
    emptyLine.setText("No token of yours for this app is kept in " + vault.keychainName() + ".");
    if (entry == null) {
      panels.expiryBadgeProperty().set(false);
    } else {
      scopesValue.setText(String.join(", ", entry.scopes()));
      createdValue.setText(
          entry.createdAt() == null ? "" : AppTokens.DATE_TIME.format(entry.createdAt()));
      last4Value.setText("…" + entry.last4());
      keptInValue.setText(vault.keychainName());
      showExpiry(entry);
      whatsNextController.setServer(session.baseUrl());
      showOnServer(entry, session);
    }
  }

  /**
   * The badge of a kept token that expires within a week or has expired (UX.md 13), from the
   * vault's index: an expired token stays listed, marked, until it is revoked or replaced.
   */
  private void showExpiry(VaultEntry kept) {
    Optional<TokenExpiry> soon = TokenExpiry.of(kept, clock.instant());
    expiryBadge.getStyleClass().removeAll(Styles.TOKEN_EXPIRING, Styles.TOKEN_EXPIRED);
    soon.ifPresent(
        t -> {
          expiryBadge.setText(t.badge());
          expiryBadge.getStyleClass().add(t.styleClass());
        });
    panels.expiryBadgeProperty().set(soon.isPresent());
  }

  /** The kept token as the server knows it: when it expires, when it was last used. */
  private void showOnServer(VaultEntry kept, Session session) {
    App shown = app;
    expiresValue.setText("…");
    lastUsedValue.setText("…");
    tasks
        .run(() -> session.client().myToken(shown.id()))
        .onSuccess(
            token -> {
              if (kept == entry) {
                Optional<Token> same =
                    token.filter(t -> t.last4() == null || t.last4().equals(kept.last4()));
                Instant now = clock.instant();
                expiresValue.setText(
                    same.map(t -> AppTokens.expiry(t.expiresAt(), now))
                        .orElseGet(() -> unknownToServer(kept, now)));
                lastUsedValue.setText(
                    same.map(t -> Dates.lastUsed(t.lastUsedAt())).orElse("unknown"));
              }
            })
        .onError(
            error -> {
              if (kept == entry) {
                expiresValue.setText("unknown: " + Failures.describe(error));
                lastUsedValue.setText("unknown");
              }
            })
        .start();
  }

  /** The expiry of a kept token the server no longer knows: expired, if the index says so. */
  private static String unknownToServer(VaultEntry kept, Instant now) {
    if (kept.expiresAt() != null && !kept.expiresAt().isAfter(now)) {
      return AppTokens.expiry(kept.expiresAt(), now);
    }
    return "unknown: the server no longer knows this token";
  }

  @FXML
  void openScopes() {
    openScopes(List.of());
  }

  /** The scope checklist, with {@code alsoChecked} checked besides the current token's scopes. */
  private void openScopes(List<String> alsoChecked) {
    if (app != null && state.session() != null) {
      dialogs.scopes(
          owner(),
          app,
          alsoChecked,
          generated -> {
            dialogs.newToken(owner(), generated);
            refresh();
          });
    }
  }

  private void openBroadcast() {
    VaultEntry kept = entry;
    if (app != null && kept != null && state.session() != null) {
      dialogs.broadcast(
          owner(), app, kept.key(), () -> openScopes(List.of(BroadcastModel.PUBLIC_MESSAGES)));
    }
  }

  @FXML
  void copy() {
    VaultEntry kept = entry;
    if (kept == null || busy != null) {
      return;
    }
    begin(copyButton);
    tasks
        .run(() -> vault.read(kept.key()))
        .onSuccess(
            token -> {
              if (token.isPresent()) {
                clipboard.copySecret(token.get().reveal(), "access token");
                showResult("Copied the token ending in " + kept.last4() + ".", true);
              } else {
                showResult(
                    vault.keychainName() + " no longer holds this token. Generate a new one.",
                    false);
              }
            })
        .onError(error -> showResult(AppTokens.describe(error), false))
        .andFinally(() -> end(copyButton))
        .start();
  }

  @FXML
  void test() {
    VaultEntry kept = entry;
    Session session = state.session();
    if (kept == null || busy != null || session == null) {
      return;
    }
    begin(testButton);
    tasks
        .run(
            () -> {
              Secret token = AppTokens.readOrFail(vault, kept.key());
              return session.client().withToken(token).currentToken();
            })
        .onSuccess(token -> showResult(AppTokens.describeWorking(token), true))
        .onError(
            error ->
                showResult("The server refused this token: " + AppTokens.describe(error), false))
        .andFinally(() -> end(testButton))
        .start();
  }

  @FXML
  void askRevoke() {
    if (entry != null && busy == null) {
      panels.confirmingProperty().set(true);
      confirmRevokeButton.requestFocus();
    }
  }

  @FXML
  void cancelRevoke() {
    panels.confirmingProperty().set(false);
    revokeButton.requestFocus();
  }

  @FXML
  void revoke() {
    VaultEntry kept = entry;
    Session session = state.session();
    if (kept == null || busy != null || session == null) {
      return;
    }
    panels.confirmingProperty().set(false);
    begin(revokeButton);
    tasks
        .run(
            () -> {
              AppTokens.revoke(vault, session, kept);
              return null;
            })
        .onSuccess(
            done -> {
              refresh();
              showResult(
                  "Revoked the token ending in "
                      + kept.last4()
                      + " and removed it from "
                      + vault.keychainName()
                      + ".",
                  true);
            })
        .onError(
            error -> showResult("Could not revoke the token: " + AppTokens.describe(error), false))
        .andFinally(() -> end(revokeButton))
        .start();
  }

  private void begin(Button button) {
    busy = Busy.on(button);
    panels.resultShownProperty().set(false);
    panels.workingProperty().set(true);
  }

  private void end(Button button) {
    panels.workingProperty().set(false);
    busy.done();
    busy = null;
    if (button.isVisible()) {
      button
          .requestFocus(); // disabling it moved the focus away: give it back to where the user was
    }
  }

  private void showResult(String message, boolean good) {
    resultLine.setText(message);
    resultLine.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
    resultLine.getStyleClass().add(good ? Styles.SUCCESS : Styles.DANGER);
    panels.resultShownProperty().set(true);
  }

  private Window owner() {
    return generateLink.getScene() == null ? null : generateLink.getScene().getWindow();
  }
}
