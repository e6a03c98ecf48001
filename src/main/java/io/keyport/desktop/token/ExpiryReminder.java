package io.keyport.desktop.token;

import io.keyport.api.App;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Session;
import io.keyport.vault.Vault;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.action.Action;

/**
 * The launch notification (UX.md 13): names the kept tokens that expire within a week or have
 * expired, with Renew, which gives each a new token with the same scopes in the background and says
 * how that went in a second notification.
 */
public final class ExpiryReminder {
  /** The notification's action. */
  public static final String RENEW = "Renew";

  /** The notification's style class, for tests and screenshots to find it. */
  public static final String NOTICE_STYLE = "expiry-notice";

  private final Tasks tasks;
  private final Vault vault;

  public ExpiryReminder(Tasks tasks, Vault vault) {
    this.tasks = tasks;
    this.vault = vault;
  }

  /**
   * Shows the notification over {@code owner} if {@code expiring} names any token; {@code renewed}
   * gets the outcomes once Renew has run (on the JavaFX thread).
   */
  public void remind(
      Window owner,
      Session session,
      List<App> apps,
      List<TokenExpiry> expiring,
      Consumer<List<TokenRenewal.Renewed>> renewed) {
    if (expiring.isEmpty()) {
      return;
    }
    Action renew =
        new Action(
            RENEW,
            event -> {
              close(event);
              renew(owner, session, apps, expiring, renewed);
            });
    renew.setLongText("Renew these tokens with the same scopes");
    Notifications.create()
        .owner(owner)
        .title(TokenExpiry.noticeTitle(expiring))
        .text(TokenExpiry.notice(expiring))
        .styleClass(NOTICE_STYLE)
        .hideAfter(Duration.INDEFINITE)
        .action(renew)
        .showWarning();
  }

  private void renew(
      Window owner,
      Session session,
      List<App> apps,
      List<TokenExpiry> expiring,
      Consumer<List<TokenRenewal.Renewed>> renewed) {
    tasks
        .run(() -> TokenRenewal.renew(vault, session, apps, expiring))
        .onSuccess(
            outcomes -> {
              String text =
                  outcomes.stream()
                      .map(TokenRenewal.Renewed::describe)
                      .collect(Collectors.joining(".\n", "", "."));
              Notifications done =
                  Notifications.create()
                      .owner(owner)
                      .styleClass(NOTICE_STYLE)
                      .hideAfter(Duration.seconds(30))
                      .text(text);
              if (outcomes.stream().allMatch(TokenRenewal.Renewed::ok)) {
                done.title("Renewed").showInformation();
              } else {
                done.title("Not every token was renewed").showError();
              }
              renewed.accept(outcomes);
            })
        .onError(
            error ->
                Notifications.create()
                    .owner(owner)
                    .styleClass(NOTICE_STYLE)
                    .title("Could not renew")
                    .text(AppTokens.describe(error))
                    .showError())
        .start();
  }

  /** Closes the notification whose button sent {@code event}, as its close button does. */
  private static void close(ActionEvent event) {
    if (event.getSource() instanceof Node node) {
      Parent bar = node.getParent();
      while (bar != null && !bar.getStyleClass().contains("notification-bar")) {
        bar = bar.getParent();
      }
      if (bar != null && bar.lookup(".close-button") instanceof Button close) {
        close.fire();
      }
    }
  }
}
