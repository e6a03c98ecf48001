package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.api.App;
import io.keyport.api.Scope;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.client.ApiException;
import io.keyport.desktop.scopes.Expiry;
import io.keyport.desktop.token.AppTokens;
import io.keyport.desktop.token.ExpiryReminder;
import io.keyport.testing.ManualClock;
import io.keyport.vault.KeychainVault;
import io.keyport.vault.VaultEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import org.controlsfx.control.CheckListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * UX.md 13 in the whole window, against a real server and the real keychain: a token generated with
 * an expiry is marked in Your Apps and on its app, named at the next launch with Renew, which keeps
 * a working token with the same scopes in the keychain; an expired token stays listed as expired
 * until it is removed; Regenerate shows the scope difference before replacing.
 */
class ExpiryJourneyTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  @TempDir Path config;
  private KeychainVault vault;
  private App app;

  @BeforeEach
  void createApp() {
    vault = TestVaults.keychain(config);
    app = harness.createApp("Expiry " + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterEach
  void cleanUp() throws Exception {
    TestVaults.empty(vault);
  }

  @Test
  void expiryChoiceBadgeNotificationAndRenewGiveAWorkingTokenInTheKeychain() throws Exception {
    MainController main = harness.show(vault, Clock.systemUTC());
    FxLookups fx = harness.fx;
    fx.waitUntil(() -> fx.isShowing(app.name()));
    assertThat(badges()).isEmpty();

    // the scope checklist's expiry: 7 days
    harness.robot.doubleClickOn(app.name());
    press("Generate a user token for yourself");
    CheckListView<Scope> scopes = scopesLoaded();
    check(scopes, "stream");
    @SuppressWarnings("unchecked")
    ComboBox<Expiry> expiry = fx.showing("#expiryChoice", ComboBox.class);
    harness.robot.clickOn(expiry);
    harness.robot.clickOn("7 days");
    harness.robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");
    harness.robot.clickOn("#doneButton");

    // marked on the app …
    fx.waitUntil(() -> fx.isShowing("#expiryBadge"));
    assertThat(fx.showing("#expiryBadge", Label.class).getText()).isEqualTo("Expires in 7 days");
    // … and in Your Apps
    WaitForAsyncUtils.asyncFx(main::showApps).get();
    fx.waitUntil(() -> badges().equals(List.of("Expires in 7 days")));

    VaultEntry old = keptEntry();
    assertThat(old.scopes()).containsExactly("basic", "stream");
    Secret oldToken = vault.read(old.key()).orElseThrow();

    // the next launch names it, with Renew
    FxToolkit.cleanupStages();
    harness.show(vault, Clock.systemUTC());
    fx.waitUntil(() -> fx.isShowing("A token expires soon"));
    assertThat(noticeText()).startsWith(app.name() + ": 7 days left\nRenew gives it a new token");
    harness.robot.clickOn(ExpiryReminder.RENEW);
    fx.waitUntil(() -> fx.isShowing("Renewed"));
    assertThat(noticeText()).contains(app.name() + ": renewed, kept in " + vault.keychainName());

    // a new token with the same scopes and lifetime is in the keychain, and it works
    VaultEntry renewed = keptEntry();
    Secret fresh = vault.read(renewed.key()).orElseThrow();
    assertThat(fresh.reveal()).isNotEqualTo(oldToken.reveal());
    assertThat(renewed.scopes()).containsExactly("basic", "stream");
    assertThat(Duration.between(Instant.now(), renewed.expiresAt()))
        .isBetween(Duration.ofDays(7).minusMinutes(5), Duration.ofDays(7).plusMinutes(1));
    Token working = harness.alice().withToken(fresh).currentToken();
    assertThat(working.scopes()).contains("basic", "stream");
    assertThat(working.app().clientId()).isEqualTo(app.clientId());
    // the notifications name apps and days, never a token
    assertThat(noticeText()).doesNotContain(fresh.reveal(), oldToken.reveal());
    assertThatThrownBy(() -> harness.alice().withToken(oldToken).currentToken())
        .isInstanceOf(ApiException.class);
  }

  @Test
  void anExpiredTokenStaysListedAsExpiredUntilRemoved() throws Exception {
    AppTokens.generate(vault, harness.session(), app, List.of("basic"), 7, false);
    ManualClock clock = ManualClock.startingNow();
    clock.advance(Duration.ofDays(8));
    MainController main = harness.show(vault, clock);
    FxLookups fx = harness.fx;

    fx.waitUntil(() -> badges().equals(List.of("Expired")));
    fx.waitUntil(() -> fx.isShowing("A token expires soon"));
    assertThat(noticeText()).startsWith(app.name() + ": expired\n");

    harness.robot.doubleClickOn(app.name());
    fx.waitUntil(() -> fx.isShowing("#expiryBadge"));
    assertThat(fx.showing("#expiryBadge", Label.class).getText()).isEqualTo("Expired");
    assertThat(fx.showing("#last4Value", Label.class).getText())
        .isEqualTo("…" + keptEntry().last4());

    press("#revokeButton");
    press("#confirmRevokeButton");
    fx.waitUntil(() -> fx.isShowing("#emptyLine"));
    assertThat(fx.isShowing("#expiryBadge")).isFalse();
    WaitForAsyncUtils.asyncFx(main::showApps).get();
    fx.waitUntil(() -> !harness.robot.lookup("#spinner").query().isVisible());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(badges()).isEmpty();
    assertThat(vault.list()).noneMatch(e -> e.key().clientId().equals(app.clientId()));
  }

  @Test
  void regenerateShowsTheScopeDifferenceBeforeReplacing() throws Exception {
    AppTokens.generate(vault, harness.session(), app, List.of("basic", "stream"), null, false);
    harness.show(vault, Clock.systemUTC());
    FxLookups fx = harness.fx;
    fx.waitUntil(() -> fx.isShowing(app.name()));
    harness.robot.doubleClickOn(app.name());
    press("Generate a user token for yourself");
    CheckListView<Scope> scopes = scopesLoaded();
    uncheck(scopes, "stream");
    check(scopes, "public_messages");

    harness.robot.clickOn("#generateButton");
    fx.waitUntil(() -> fx.isShowing("#scopeDiff"));
    assertThat(fx.showing("#scopeDiff", Label.class).getText())
        .isEqualTo("+ public_messages  − stream");
    assertThat(scopes.isDisabled()).isTrue();
    assertThat(fx.isShowing("Your new access token")).isFalse();

    // Go back: the checklist again, nothing replaced
    harness.robot.clickOn("Go back");
    fx.waitUntil(() -> !fx.isShowing("#scopeDiff") && !scopes.isDisabled());
    assertThat(keptEntry().scopes()).containsExactly("basic", "stream");

    harness.robot.clickOn("#generateButton");
    fx.waitUntil(() -> fx.isShowing("#scopeDiff"));
    harness.robot.clickOn("Replace token");
    fx.waitForWindow("Your new access token");
    harness.robot.clickOn("#doneButton");
    assertThat(keptEntry().scopes()).containsExactly("basic", "public_messages");
  }

  /**
   * Presses the showing button or link {@code query} finds, as a click would: the app's page may
   * hold it below the fold of its scroll pane.
   */
  private void press(String query) throws Exception {
    ButtonBase button = harness.fx.showing(query, ButtonBase.class);
    WaitForAsyncUtils.asyncFx(button::fire).get();
    WaitForAsyncUtils.waitForFxEvents();
  }

  private CheckListView<Scope> scopesLoaded() throws Exception {
    harness.fx.waitForWindow("Generate a user token");
    @SuppressWarnings("unchecked")
    CheckListView<Scope> list = harness.robot.lookup("#scopeList").queryAs(CheckListView.class);
    harness.fx.waitUntil(
        () ->
            !list.getItems().isEmpty()
                && !harness.robot.lookup("#generateButton").queryButton().isDisabled());
    return list;
  }

  private static void check(CheckListView<Scope> list, String name) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> list.getCheckModel().check(scope(list, name))).get();
  }

  private static void uncheck(CheckListView<Scope> list, String name) throws Exception {
    WaitForAsyncUtils.asyncFx(() -> list.getCheckModel().clearCheck(scope(list, name))).get();
  }

  private static Scope scope(CheckListView<Scope> list, String name) {
    return list.getItems().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** The expiry badges showing in Your Apps. */
  private List<String> badges() {
    return harness.robot.lookup(".apps-view .expiry-badge").queryAll().stream()
        .filter(FxLookups::showing)
        .map(n -> ((Label) n).getText())
        .toList();
  }

  /** The text of the notifications showing. */
  private String noticeText() {
    return harness.robot.lookup(".notification-bar .label").queryAll().stream()
        .filter(FxLookups::showing)
        .map(Node.class::cast)
        .filter(Label.class::isInstance)
        .map(n -> ((Label) n).getText())
        .filter(t -> t != null && t.length() > 20)
        .reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
  }

  private VaultEntry keptEntry() {
    return vault.list().stream()
        .filter(e -> e.key().clientId().equals(app.clientId()))
        .findFirst()
        .orElseThrow();
  }
}
