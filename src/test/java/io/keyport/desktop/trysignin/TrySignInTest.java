package io.keyport.desktop.trysignin;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.api.NewApp;
import io.keyport.api.Secret;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.signin.BrowserLauncher;
import io.keyport.desktop.signin.FormBrowser;
import io.keyport.desktop.signin.FormBrowser.Decision;
import io.keyport.testing.LogCapture;
import io.keyport.testing.WebClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Try sign-in (UX.md 10) from the app detail against a real server, the system browser played by
 * {@link FormBrowser} through the desktop's links: a sign-in end to end whose token is copied
 * through the clipboard guard and saved to the keychain, the paste path for a non-loopback
 * callback, each failure's message (mismatch with the difference highlighted, denied, state,
 * timeout, taken port), and Cancel closing the listener at once. No secret on screen or in a log.
 */
class TrySignInTest {
  static final String PASSWORD = "correct horse battery";
  static final String WINDOW = "Try sign-in";

  @RegisterExtension
  static final DesktopHarnessExtension desktop =
      DesktopHarnessExtension.aliceWithPassword(PASSWORD);

  private final DesktopHarness harness = desktop.harness();
  private static final ExecutorService BROWSER = BackgroundExecutor.create();
  private static final AtomicInteger APPS = new AtomicInteger();
  private static final AtomicReference<BrowserLauncher> browser = new AtomicReference<>();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  @AfterAll
  static void stop() throws Exception {
    BROWSER.shutdownNow();
  }

  /** alice's app with these callbacks, its detail open and Try sign-in's window shown. */
  private App open(String... callbacks) throws Exception {
    String name = "Try Bot " + APPS.incrementAndGet();
    App app =
        harness
            .alice()
            .createApp(new NewApp(name, "https://example.com/try", List.of(callbacks)))
            .app();
    harness.show(
        DesktopHarness.quick(),
        url ->
            BROWSER.execute(
                () -> {
                  try {
                    browser.get().open(URI.create(url));
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }));
    fx.waitUntil(() -> fx.isShowing(name));
    robot.doubleClickOn(name);
    fx.waitUntil(() -> fx.isShowing("#trySignInButton"));
    robot.clickOn("#trySignInButton");
    fx.waitForWindow(WINDOW);
    return app;
  }

  private FormBrowser plays(Decision decision) {
    FormBrowser b = new FormBrowser(harness.server().baseUrl(), "alice", PASSWORD, decision);
    browser.set(b);
    return b;
  }

  private TrySignInModel model() {
    return ((TrySignInController) fx.window(WINDOW).getScene().getRoot().getUserData()).model();
  }

  private void shortTimeout() {
    timeout(Duration.ofMillis(1500));
  }

  private void timeout(Duration timeout) {
    robot.interact(() -> model().timeoutProperty().set(timeout));
  }

  private void chooseCallback(String url) {
    robot.interact(() -> fx.in(WINDOW, "#callbackBox", ComboBox.class).getEditor().setText(url));
  }

  private void startAndAwait(TrySignInModel.Phase... ends) throws Exception {
    robot.clickOn(fx.in(WINDOW, "#startButton", Node.class));
    fx.waitUntil(() -> List.of(ends).contains(model().getPhase()));
  }

  private String message() {
    return model().messageProperty().get();
  }

  /** Every text the window shows: labels, fields, text runs. */
  private String everythingShown() throws Exception {
    return WaitForAsyncUtils.asyncFx(
            () -> {
              List<String> out = new ArrayList<>();
              collect(fx.window(WINDOW).getScene().getRoot(), out);
              return String.join("\n", out);
            })
        .get();
  }

  private static void collect(Node node, List<String> out) {
    if (node instanceof Labeled l && l.getText() != null) {
      out.add(l.getText());
    } else if (node instanceof TextInputControl t) {
      out.add(t.getText());
    } else if (node instanceof Text t) {
      out.add(t.getText());
    }
    if (node instanceof Parent p) {
      p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Test
  void signsInEndToEndThenCopiesThroughTheGuardAndKeepsTheToken() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      String callback = "http://127.0.0.1:" + freePort() + "/callback";
      App app = open(callback);
      FormBrowser b = plays(Decision.ALLOW);
      robot.clickOn(fx.in(WINDOW, "#scope-stream", Node.class));
      startAndAwait(TrySignInModel.Phase.SIGNED_IN, TrySignInModel.Phase.FAILED);
      assertThat(message()).isNull();

      Secret token = model().tokenProperty().get().accessToken();
      String code = WebClient.query(b.landedAt()).get("code");
      String clientSecret = harness.alice().revealSecret(app.id()).reveal();
      assertThat(b.opened.toString())
          .startsWith(harness.server().baseUrl() + "/oauth/authenticate?")
          .contains("scope=basic+stream");
      assertThat(b.callbackAnswer.body()).contains("You can close this tab");
      String shown = everythingShown();
      assertThat(shown)
          .contains("Authorize URL", "Browser opened", "Redirect received", "Token exchange")
          .contains("Response", "••••" + token.last4())
          .doesNotContain(token.reveal())
          .doesNotContain(code)
          .doesNotContain(clientSecret);

      robot.clickOn(fx.in(WINDOW, "#copyTokenButton", Node.class));
      fx.waitUntil(() -> token.reveal().equals(Clipboard.getSystemClipboard().getString()));

      robot.clickOn(fx.in(WINDOW, "#saveButton", Node.class));
      fx.waitUntil(() -> everythingShownFx().contains("Saved to"));
      robot.clickOn(fx.in(WINDOW, "#closeButton", Node.class));
      fx.waitUntil(() -> fx.window(WINDOW) == null);
      // the tokens block reloaded from the keychain: it now lists this token
      fx.waitUntil(() -> fx.isShowing("…" + token.last4()));

      assertThat(String.join("\n", log.lines()))
          .doesNotContain(token.reveal())
          .doesNotContain(code)
          .doesNotContain(clientSecret);
    }
  }

  private String everythingShownFx() {
    List<String> out = new ArrayList<>();
    Stage stage = fx.window(WINDOW);
    if (stage != null) {
      collect(stage.getScene().getRoot(), out);
    }
    return String.join("\n", out);
  }

  @Test
  void aCallbackKeyportCannotListenOnTakesThePastedAddress() throws Exception {
    open("https://app.example.com/cb");
    FormBrowser b = plays(Decision.ALLOW);
    startAndAwait(TrySignInModel.Phase.PASTE);
    fx.waitUntil(
        () ->
            fx.in(WINDOW, "#authorizeField", TextInputControl.class).getText().contains("state="));
    String authorize = fx.in(WINDOW, "#authorizeField", TextInputControl.class).getText();
    robot.clickOn(fx.in(WINDOW, "#copyAuthorizeButton", Node.class));
    fx.waitUntil(() -> authorize.equals(Clipboard.getSystemClipboard().getString()));
    b.open(URI.create(authorize));
    assertThat(b.landedAt()).startsWith("https://app.example.com/cb?code=");

    robot.interact(() -> fx.in(WINDOW, "#landedField", TextInputControl.class).setText("nonsense"));
    robot.clickOn(fx.in(WINDOW, "#exchangeButton", Node.class));
    fx.waitUntil(() -> message() != null && message().contains("not the callback"));
    assertThat(model().getPhase()).isEqualTo(TrySignInModel.Phase.PASTE);

    robot.interact(
        () -> fx.in(WINDOW, "#landedField", TextInputControl.class).setText(b.landedAt()));
    robot.clickOn(fx.in(WINDOW, "#exchangeButton", Node.class));
    fx.waitUntil(() -> model().getPhase() == TrySignInModel.Phase.SIGNED_IN);
    assertThat(everythingShown()).contains("Token exchange", "Response");
  }

  @Test
  void anUnregisteredCallbackIsShownBesideTheRegisteredOnesWithTheDifferenceHighlighted()
      throws Exception {
    int port = freePort();
    open("http://127.0.0.1:" + port + "/callback", "https://app.example.com/cb");
    plays(Decision.ALLOW);
    shortTimeout();
    chooseCallback("http://127.0.0.1:" + port + "/callbak");
    assertThat(everythingShown()).contains("Not registered for this app");
    startAndAwait(TrySignInModel.Phase.FAILED);

    assertThat(message()).contains("is not registered", "http://127.0.0.1:" + port + "/callback");
    List<String> highlighted =
        robot
            .from(fx.in(WINDOW, "#mismatchBox", Node.class))
            .lookup(".url-difference")
            .queryAllAs(Text.class)
            .stream()
            .map(Text::getText)
            .toList();
    assertThat(highlighted).contains("c");
    assertThat(everythingShown())
        .contains("Registered for this app:", "https://app.example.com/cb");
  }

  @Test
  void deniedConsentSaysSo() throws Exception {
    open("http://127.0.0.1:" + freePort() + "/callback");
    plays(Decision.DENY);
    startAndAwait(TrySignInModel.Phase.FAILED);
    assertThat(message()).contains("Access was denied", "Deny");
    assertThat(fx.in(WINDOW, "#failureMessage", Labeled.class).getText()).isEqualTo(message());
  }

  @Test
  void aRedirectWithAnotherStateIsAStateMismatch() throws Exception {
    open("http://127.0.0.1:" + freePort() + "/callback");
    browser.set(
        new FormBrowser(
            harness.server().baseUrl(),
            "alice",
            PASSWORD,
            Decision.ALLOW,
            location -> location.replaceAll("state=[^&]*", "state=forged")));
    // long enough for the sign-in pages; the forged redirect is refused, then the wait runs out
    timeout(Duration.ofSeconds(8));
    startAndAwait(TrySignInModel.Phase.FAILED);
    assertThat(message()).contains("state that does not match");
  }

  @Test
  void noRedirectInTimeIsATimeout() throws Exception {
    open("http://127.0.0.1:" + freePort() + "/callback");
    plays(Decision.NOTHING);
    shortTimeout();
    startAndAwait(TrySignInModel.Phase.FAILED);
    assertThat(message()).contains("No redirect came back within 1 s");
  }

  @Test
  void aTakenPortIsNamedAndTheFreeOneOfferedWorks() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      open("http://127.0.0.1:" + port + "/callback");
      FormBrowser b = plays(Decision.ALLOW);
      startAndAwait(TrySignInModel.Phase.FAILED);
      assertThat(message()).contains("Port " + port + " is already in use by");
      if (System.getProperty("os.name").startsWith("Linux")) {
        // this test's own process holds it
        assertThat(message()).contains("(process " + ProcessHandle.current().pid() + ")");
      }
      assertThat(message()).contains("accepts any port for this loopback callback");
      assertThat(b.opened).isNull();

      robot.clickOn(fx.in(WINDOW, "#freePortButton", Node.class));
      fx.waitUntil(
          () ->
              model().getPhase() == TrySignInModel.Phase.SIGNED_IN
                  || model().getPhase() == TrySignInModel.Phase.FAILED);
      assertThat(message()).isNull();
      assertThat(model().callbackProperty().get()).doesNotContain(":" + port + "/");
    }
  }

  @Test
  void cancelClosesTheListenerAtOnce() throws Exception {
    int port = freePort();
    open("http://127.0.0.1:" + port + "/callback");
    plays(Decision.NOTHING);
    timeout(Duration.ofMinutes(5));
    startAndAwait(TrySignInModel.Phase.WAITING);
    fx.waitUntil(() -> everythingShownFx().contains("Listening for the redirect"));
    assertThat(accepts(port)).isTrue();

    long before = System.nanoTime();
    robot.clickOn(fx.in(WINDOW, "#cancelButton", Node.class));
    fx.waitUntil(() -> !accepts(port));
    fx.waitUntil(() -> model().getPhase() == TrySignInModel.Phase.READY);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    assertThat(message()).contains("Cancelled");
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
