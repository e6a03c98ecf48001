package io.keyport.desktop.trysignin;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.NewApp;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.signin.FormBrowser;
import io.keyport.desktop.signin.FormBrowser.Decision;
import io.keyport.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * Try sign-in on the embedded server's set-up (UX.md 1 and 10): the local account has no password,
 * which the browser's sign-in page needs, so the dialog says so above Start and offers "Set a
 * password…"; the password set there (the rules shown as typed, a refusal keeping what was typed,
 * Enter pressing Set password) then signs the local user in, the browser played by {@link
 * FormBrowser}. The password reaches no log.
 */
class TryPasswordTest {
  static final String WINDOW = "Try sign-in";
  static final String DIALOG = "Browser sign-in password";
  static final String PASSWORD = "too short no longer";

  @RegisterExtension
  static final DesktopHarnessExtension desktop =
      DesktopHarnessExtension.alice().notResetBetweenTests();

  private final DesktopHarness harness = desktop.harness();
  private static final ExecutorService BROWSER = BackgroundExecutor.create();
  private static final AtomicReference<FormBrowser> browser = new AtomicReference<>();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  @AfterAll
  static void stop() throws Exception {
    BROWSER.shutdownNow();
  }

  private TrySignInModel model() {
    return ((TrySignInController) fx.window(WINDOW).getScene().getRoot().getUserData()).model();
  }

  private String explanation() {
    return fx.in(WINDOW, "#passwordExplanation", Label.class).getText();
  }

  /** The text of that label while it shows, else null (a wait goes on until it shows). */
  private String shownIn(String window, String query) {
    Node node = fx.window(window).getScene().lookup(query);
    return node instanceof Label label && FxLookups.showing(label) ? label.getText() : null;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void theLocalAccountSetsAPasswordFromTrySignInAndThenSignsInInTheBrowser() throws Exception {
    String username = harness.session().username();
    assertThat(harness.alice().passwordStatus().hasPassword()).isFalse();
    try (LogCapture log = LogCapture.start()) {
      String callback = "http://127.0.0.1:" + freePort() + "/callback";
      harness
          .alice()
          .createApp(new NewApp("Local Bot", "https://example.com/try", List.of(callback)));
      harness.show(
          DesktopHarness.quick(),
          url -> BROWSER.execute(() -> browser.get().open(URI.create(url))));
      fx.waitUntil(() -> fx.isShowing("Local Bot"));
      robot.doubleClickOn("Local Bot");
      fx.waitUntil(() -> fx.isShowing("#trySignInButton"));
      robot.clickOn("#trySignInButton");
      fx.waitForWindow(WINDOW);

      // the server says alice has no password: the note, above Start, offers to set one
      fx.waitUntil(() -> fx.window(WINDOW) != null && fx.isShowing("#setPasswordButton"));
      assertThat(explanation())
          .isEqualTo(
              "The browser's sign-in page needs a password; your local account has none yet.");
      robot.clickOn(fx.in(WINDOW, "#setPasswordButton", Node.class));
      fx.waitForWindow(DIALOG);
      fx.waitUntil(() -> !fx.in(DIALOG, "#saveButton", Button.class).isDisabled());
      assertThat(FxLookups.showing(fx.window(DIALOG).getScene().lookup("#currentField")))
          .as("no current password to ask for")
          .isFalse();

      // the rule as typed
      robot.clickOn(fx.in(DIALOG, "#passwordField", Node.class)).write("too short");
      fx.waitUntil(() -> "Use 10 to 1024 characters.".equals(shownIn(DIALOG, "#passwordError")));
      robot.write(" no longer");
      fx.waitUntil(() -> !fx.window(DIALOG).getScene().lookup("#passwordError").isVisible());
      assertThat(fx.in(DIALOG, "#passwordField", PasswordField.class).getText())
          .isEqualTo(PASSWORD);

      // a different confirmation: Enter is refused, what was typed stays
      robot.clickOn(fx.in(DIALOG, "#confirmField", Node.class)).write(PASSWORD + "!");
      robot.type(KeyCode.ENTER);
      fx.waitUntil(() -> "The two passwords differ.".equals(shownIn(DIALOG, "#confirmError")));
      assertThat(fx.in(DIALOG, "#passwordField", PasswordField.class).getText())
          .isEqualTo(PASSWORD);
      assertThat(harness.alice().passwordStatus().hasPassword()).isFalse();

      // the refused confirmation is selected: typing replaces it
      robot.write(PASSWORD);
      fx.waitUntil(() -> !fx.window(DIALOG).getScene().lookup("#confirmError").isVisible());
      robot.type(KeyCode.ENTER); // Enter presses Set password
      fx.waitUntil(() -> fx.window(DIALOG) == null);
      fx.waitUntil(
          () -> ("Sign in as " + username + " with the password you set.").equals(explanation()));
      assertThat(fx.isShowing("#setPasswordButton")).isFalse();
      assertThat(harness.alice().passwordStatus().hasPassword()).isTrue();

      // the browser signs in as the local user with it
      FormBrowser b =
          new FormBrowser(harness.server().baseUrl(), username, PASSWORD, Decision.ALLOW);
      browser.set(b);
      robot.clickOn(fx.in(WINDOW, "#startButton", Node.class));
      fx.waitUntil(
          () ->
              model().getPhase() == TrySignInModel.Phase.SIGNED_IN
                  || model().getPhase() == TrySignInModel.Phase.FAILED);
      assertThat(model().messageProperty().get()).isNull();
      assertThat(model().getPhase()).isEqualTo(TrySignInModel.Phase.SIGNED_IN);
      assertThat(model().tokenProperty().get().token().user().username()).isEqualTo(username);
      assertThat(b.callbackAnswer.body()).contains("You can close this tab");

      assertThat(String.join("\n", log.lines())).doesNotContain(PASSWORD);
    }
  }
}
