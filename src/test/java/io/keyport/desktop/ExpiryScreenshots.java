package io.keyport.desktop;

import io.keyport.api.App;
import io.keyport.api.Scope;
import io.keyport.desktop.token.AppTokens;
import io.keyport.testing.ManualClock;
import io.keyport.vault.KeychainVault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.stage.Window;
import org.controlsfx.control.CheckListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The pictures of desktop.md's "Expiry" and "Rotation" sections, taken from the screen (run on a
 * real display, e.g. Xvfb with openbox and {@code -Dglass.platform=gtk -Dtestfx.headless=false}):
 * {@code -Dtest=ExpiryScreenshots -Dkeyport.screenshots=<folder>}. Not a test (its name keeps it
 * out of {@code mvn verify}, where it would only count as a skip).
 */
@EnabledIfSystemProperty(named = "keyport.screenshots", matches = ".+")
class ExpiryScreenshots {
  private static DesktopHarness harness;
  @TempDir Path config;

  @AfterAll
  static void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void expiryBadgeNotificationAndTwoLiveSecrets() throws Exception {
    harness = new DesktopHarness();
    Path folder = Path.of(System.getProperty("keyport.screenshots"));
    Files.createDirectories(folder);
    KeychainVault vault = TestVaults.keychain(config);
    try {
      App weather = harness.createApp("Weather Bot");
      App deploy = harness.createApp("Deploy Notifier");
      harness.createApp("Status Page");
      AppTokens.generate(vault, harness.session(), weather, List.of("basic", "stream"), 7, false);
      AppTokens.generate(vault, harness.session(), deploy, List.of("basic"), 1, false);
      // three days on: Weather Bot's week-long token has four days left, Deploy Notifier's expired
      ManualClock clock = ManualClock.startingNow();
      clock.advance(Duration.ofDays(3));
      MainController main = harness.show(vault, clock);
      FxLookups fx = harness.fx;
      fx.waitUntil(() -> fx.isShowing("Tokens expire soon"));
      settle();
      Window window = fx.window("Keyport");
      shoot(window, folder.resolve("expiry-notification.png"));

      ButtonBase close = fx.showing(".notification-bar .close-button", Button.class);
      WaitForAsyncUtils.asyncFx(close::fire).get();
      fx.waitUntil(() -> !fx.isShowing("Tokens expire soon"));
      settle();
      shoot(window, folder.resolve("expiry-badge.png"));

      WaitForAsyncUtils.asyncFx(() -> main.openApp(weather)).get();
      fx.waitUntil(() -> fx.isShowing("#rotateButton"));
      harness.robot.clickOn("#rotateButton");
      fx.waitUntil(() -> fx.isShowing("Rotate secret"));
      harness.robot.clickOn("24 hours");
      harness.robot.clickOn("Rotate secret");
      fx.waitUntil(
          () ->
              harness.robot.lookup(".live-secret").queryAll().stream()
                      .filter(FxLookups::showing)
                      .count()
                  == 2);
      fx.waitUntil(() -> fx.isShowing("#expiryBadge"));
      settle();
      shoot(window, folder.resolve("secret-two-live.png"));

      // Regenerate with other scopes: the difference, before anything is replaced
      ButtonBase generate = fx.showing("Generate a user token for yourself", ButtonBase.class);
      WaitForAsyncUtils.asyncFx(generate::fire).get();
      fx.waitForWindow("Generate a user token");
      @SuppressWarnings("unchecked")
      CheckListView<Scope> scopes = harness.robot.lookup("#scopeList").queryAs(CheckListView.class);
      fx.waitUntil(
          () ->
              !scopes.getItems().isEmpty()
                  && !harness.robot.lookup("#generateButton").queryButton().isDisabled());
      WaitForAsyncUtils.asyncFx(
              () -> {
                for (Scope scope : scopes.getItems()) {
                  if (scope.name().equals("stream")) {
                    scopes.getCheckModel().clearCheck(scope);
                  } else if (scope.name().equals("public_messages")) {
                    scopes.getCheckModel().check(scope);
                  }
                }
              })
          .get();
      harness.robot.clickOn("#generateButton");
      fx.waitUntil(() -> fx.isShowing("#scopeDiff"));
      settle();
      shoot(fx.window("Generate a user token"), folder.resolve("scope-diff.png"));
    } finally {
      harness.reset();
      TestVaults.empty(vault);
    }
  }

  private static void settle() throws Exception {
    WaitForAsyncUtils.waitForFxEvents(10);
    WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS);
    WaitForAsyncUtils.waitForFxEvents(10);
  }

  /** The window as on screen (with whatever floats over it), as a PNG. */
  private static void shoot(Window window, Path file) throws Exception {
    Rectangle2D bounds =
        WaitForAsyncUtils.asyncFx(
                () ->
                    new Rectangle2D(
                        window.getX(), window.getY(), window.getWidth(), window.getHeight()))
            .get();
    Pngs.write(harness.robot.capture(bounds).getImage(), file);
  }
}
