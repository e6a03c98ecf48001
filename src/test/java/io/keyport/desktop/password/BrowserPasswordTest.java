package io.keyport.desktop.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.testing.LogCapture;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * Keyport → "Browser sign-in password…" on the embedded server's passwordless local account: the
 * first time it sets one (no current password asked); after that it changes it and asks for the
 * current one, a wrong one refused beside its field with what was typed kept. The password grant
 * then takes the new password and not the old. No password in a log line.
 */
class BrowserPasswordTest {
  static final String DIALOG = BrowserPasswordController.TITLE;
  static final String FIRST = "the first browser password";
  static final String SECOND = "the second browser password";

  @RegisterExtension
  static final DesktopHarnessExtension desktop =
      DesktopHarnessExtension.alice().notResetBetweenTests();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  private void openFromTheMenu() throws Exception {
    robot.clickOn("Keyport");
    robot.clickOn("Browser sign-in password…");
    fx.waitForWindow(DIALOG);
    fx.waitUntil(() -> !fx.in(DIALOG, "#saveButton", Button.class).isDisabled());
  }

  private boolean showing(String query) {
    Node node = fx.window(DIALOG).getScene().lookup(query);
    return node != null && FxLookups.showing(node);
  }

  private void type(String query, String text) {
    robot.clickOn(fx.in(DIALOG, query, Node.class)).write(text);
  }

  @Test
  void setsItThenChangesItGivingTheCurrentOne() throws Exception {
    String username = harness.session().username();
    try (LogCapture log = LogCapture.start();
        KeyportClient anonymous = KeyportClient.create(harness.server().baseUrl())) {
      harness.show(DesktopHarness.quick());

      openFromTheMenu();
      assertThat(showing("#currentField")).isFalse();
      assertThat(fx.in(DIALOG, "#intro", Label.class).getText()).contains(username);
      type("#passwordField", FIRST);
      type("#confirmField", FIRST);
      robot.type(KeyCode.ENTER);
      fx.waitUntil(() -> fx.window(DIALOG) == null);
      fx.waitUntil(() -> harness.text("#statusLine").endsWith("Browser sign-in password set"));
      assertThat(anonymous.passwordGrant(username, Secret.of(FIRST)).accessToken().reveal())
          .startsWith("kpu_");

      openFromTheMenu();
      fx.waitUntil(() -> showing("#currentField"));
      type("#currentField", "not the first one");
      type("#passwordField", SECOND);
      type("#confirmField", SECOND);
      robot.type(KeyCode.ENTER);
      fx.waitUntil(
          () ->
              showing("#currentError")
                  && "That is not your current password."
                      .equals(
                          ((Label) fx.window(DIALOG).getScene().lookup("#currentError"))
                              .getText()));
      // still open, everything typed kept; the wrong one selected, ready to be typed over
      assertThat(fx.in(DIALOG, "#passwordField", PasswordField.class).getText()).isEqualTo(SECOND);
      assertThat(fx.in(DIALOG, "#confirmField", PasswordField.class).getText()).isEqualTo(SECOND);
      assertThat(fx.window(DIALOG).getScene().getFocusOwner())
          .isSameAs(fx.in(DIALOG, "#currentField", PasswordField.class));

      robot.write(FIRST);
      fx.waitUntil(() -> !showing("#currentError"));
      robot.type(KeyCode.ENTER);
      fx.waitUntil(() -> fx.window(DIALOG) == null);
      assertThat(anonymous.passwordGrant(username, Secret.of(SECOND)).accessToken().reveal())
          .startsWith("kpu_");
      assertThatThrownBy(() -> anonymous.passwordGrant(username, Secret.of(FIRST)))
          .isInstanceOf(ApiException.class);

      String logged = String.join("\n", log.lines());
      assertThat(logged).doesNotContain(FIRST).doesNotContain(SECOND);
    }
  }
}
