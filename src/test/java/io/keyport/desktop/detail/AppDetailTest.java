package io.keyport.desktop.detail;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.api.AppChanges;
import io.keyport.api.Secret;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.MainController;
import io.keyport.desktop.session.Settings;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An app's detail against a real server: Reveal and Copy of the client secret, callback URLs added,
 * removed and saved, a version conflict from a second client, the server stopping mid-edit, Rotate
 * and Delete.
 */
class AppDetailTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;
  private MainController main;
  private Settings settings;
  private App app;

  @BeforeEach
  void openTheApp() throws Exception {
    app = harness.createApp("Weather Bot");
    settings = DesktopHarness.quick();
    main = harness.show(settings);
    fx.waitUntil(() -> fx.isShowing("Weather Bot"));
    robot.doubleClickOn("Weather Bot");
    fx.waitUntil(() -> fx.isShowing("#secretField"));
  }

  @Test
  void revealFetchesTheSecretOnlyOnClickAndHidesItAfterTheTimeout() throws Exception {
    assertThat(secretField().getText()).isEqualTo(SecretRowController.MASK);
    assertThat(reveals()).isZero();

    robot.clickOn("#revealButton");

    // captured at once: the 2 s timeout may hide it again before the next line runs
    AtomicReference<String> shown = new AtomicReference<>();
    AtomicReference<String> note = new AtomicReference<>();
    fx.waitUntil(
        () -> {
          String text = secretField().getText();
          note.set(harness.text("#secretNote"));
          shown.set(text);
          return !text.equals(SecretRowController.MASK);
        });
    assertThat(reveals()).isEqualTo(1);
    assertThat(shown.get()).startsWith("kps_").isEqualTo(currentSecret());
    assertThat(note.get()).isEqualTo("Shown for 2 s, then hidden again.");
    // the timeout of the settings (2 s here) hides it again
    fx.waitUntil(() -> secretField().getText().equals(SecretRowController.MASK));
    assertThat(button("#revealButton").getText()).isEqualTo("Reveal");
  }

  @Test
  void leavingTheViewHidesTheSecret() throws Exception {
    onFx(
        () -> {
          settings.revealTimeoutSecondsProperty().set(600);
          return null;
        });
    robot.clickOn("#revealButton");
    fx.waitUntil(() -> !secretField().getText().equals(SecretRowController.MASK));
    AppDetailController detail = main.detail();

    robot.type(KeyCode.ESCAPE);

    fx.waitUntil(() -> fx.isShowing("#table"));
    assertThat(onFx(detail::isRevealed)).isFalse();
    fx.waitUntil(() -> !fx.isShowing("#spinner"));
    robot.doubleClickOn("Weather Bot");
    fx.waitUntil(() -> fx.isShowing("#secretField"));
    assertThat(secretField().getText()).isEqualTo(SecretRowController.MASK);
  }

  @Test
  void copyPutsTheSecretOnTheClipboardWithoutShowingItAndClearsItAfterTheDelay() throws Exception {
    robot.clickOn("#copySecretButton");

    // captured at once: the 2 s delay may clear it before the next line runs
    AtomicReference<String> copied = new AtomicReference<>();
    AtomicReference<String> line = new AtomicReference<>();
    AtomicReference<String> field = new AtomicReference<>();
    fx.waitUntil(
        () -> {
          copied.set(Clipboard.getSystemClipboard().getString());
          line.set(harness.text("#clipboardLine"));
          field.set(secretField().getText());
          return copied.get() != null;
        });
    String expected = currentSecret();
    assertThat(copied.get()).isEqualTo(expected);
    assertThat(field.get()).isEqualTo(SecretRowController.MASK);
    assertThat(line.get()).startsWith("Client secret copied. Clipboard clears in");
    fx.waitUntil(() -> !Clipboard.getSystemClipboard().hasString());
    assertThat(harness.text("#clipboardLine")).isEqualTo("Clipboard cleared.");

    // Ctrl+C on the focused secret field copies through the guard too
    robot.clickOn("#secretField");
    robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
    copied.set(null);
    fx.waitUntil(
        () -> {
          copied.set(Clipboard.getSystemClipboard().getString());
          return copied.get() != null;
        });
    assertThat(copied.get()).isEqualTo(expected);
  }

  @Test
  void theRevealedSecretCopiesOnlyThroughTheGuardByKeysAndContextMenu() throws Exception {
    onFx(
        () -> {
          settings.revealTimeoutSecondsProperty().set(600);
          settings.clipboardClearSecondsProperty().set(600);
          return null;
        });
    robot.clickOn("#revealButton");
    fx.waitUntil(() -> !secretField().getText().equals(SecretRowController.MASK));
    String expected = currentSecret();

    robot.clickOn("#secretField");
    robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
    robot.press(KeyCode.CONTROL, KeyCode.INSERT).release(KeyCode.INSERT, KeyCode.CONTROL);
    fx.waitUntil(() -> expected.equals(Clipboard.getSystemClipboard().getString()));
    assertThat(harness.text("#clipboardLine"))
        .startsWith("Client secret copied. Clipboard clears in");

    onFx(
        () -> {
          Clipboard.getSystemClipboard().clear();
          return null;
        });
    // its context menu offers only a Copy that goes through the guard too
    ContextMenu menu = secretField().getContextMenu();
    assertThat(menu.getItems()).extracting(MenuItem::getText).containsExactly("Copy");
    onFx(
        () -> {
          menu.getItems().get(0).fire();
          return null;
        });
    fx.waitUntil(() -> expected.equals(Clipboard.getSystemClipboard().getString()));
    assertThat(harness.text("#clipboardLine"))
        .startsWith("Client secret copied. Clipboard clears in");
  }

  @Test
  void callbackUrlsAreAddedRemovedAndSaved() throws Exception {
    robot.clickOn("#newCallbackField").write("http://staging.example.com/cb");
    robot.clickOn("#addCallbackButton");
    fx.waitUntil(() -> fx.isShowing("#callbackError"));
    assertThat(callbackList().getItems()).containsExactly("http://localhost:8000");

    TextField field = fx.showing("#newCallbackField", TextField.class);
    robot
        .doubleClickOn(field)
        .eraseText(field.getText().length() + 2)
        .write("https://staging.example.com/cb");
    robot.type(KeyCode.ENTER);
    fx.waitUntil(() -> callbackList().getItems().size() == 2);
    robot.clickOn("http://localhost:8000");
    robot.clickOn("#removeCallbackButton");
    fx.waitUntil(() -> callbackList().getItems().size() == 1);
    assertThat(harness.text("#saveState")).isEqualTo("Unsaved changes");

    robot.clickOn("#saveButton");

    fx.waitUntil(() -> "All changes saved".equals(harness.text("#saveState")));
    App saved = harness.alice().getApp(app.id());
    assertThat(saved.callbackUrls()).containsExactly("https://staging.example.com/cb");
    assertThat(saved.version()).isNotEqualTo(app.version());
  }

  @Test
  void aVersionConflictSaysSoAndReloadKeepsTheEdits() throws Exception {
    TextField name = fx.showing("#nameField", TextField.class);
    robot.doubleClickOn(name).eraseText(name.getText().length() + 2).write("Weather Bot Pro");
    // meanwhile a second client changes the website
    harness
        .alice()
        .updateApp(
            app.id(), app.version(), new AppChanges(null, "https://elsewhere.example.com", null));

    robot.clickOn("#saveButton");

    fx.waitUntil(() -> fx.isShowing("#banner"));
    assertThat(harness.text("#bannerMessage")).contains("changed somewhere else");
    assertThat(name.getText()).isEqualTo("Weather Bot Pro");
    robot.clickOn("#bannerAction");
    fx.waitUntil(() -> "https://elsewhere.example.com".equals(harness.text("#websiteField")));
    assertThat(name.getText()).isEqualTo("Weather Bot Pro");
    assertThat(harness.text("#bannerMessage")).contains("Your edits are kept");

    robot.clickOn("#saveButton");
    try {
      fx.waitUntil(() -> "All changes saved".equals(harness.text("#saveState")));
    } catch (Exception e) {
      throw new AssertionError(
          "state "
              + harness.text("#saveState")
              + " banner "
              + harness.text("#bannerMessage")
              + " disabled "
              + button("#saveButton").isDisabled(),
          e);
    }
    App saved = harness.alice().getApp(app.id());
    assertThat(saved.name()).isEqualTo("Weather Bot Pro");
    assertThat(saved.website()).isEqualTo("https://elsewhere.example.com");
  }

  @Test
  void theServerStoppingMidEditShowsABannerKeepsTheEditsAndRetryWorksOnceItIsBack()
      throws Exception {
    TextField name = fx.showing("#nameField", TextField.class);
    robot.doubleClickOn(name).eraseText(name.getText().length() + 2).write("Weather Bot Pro");
    harness.stopServer();
    try {
      robot.clickOn("#saveButton");

      fx.waitUntil(() -> fx.isShowing("#banner"));
      assertThat(harness.text("#bannerMessage"))
          .contains("Cannot reach the Keyport server")
          .contains("Nothing you typed is lost");
      // the status line says what is true beside the banner
      assertThat(harness.text("#statusLine"))
          .startsWith("Cannot reach " + harness.server().baseUrl())
          .doesNotContain("Connected to");
      assertThat(name.getText()).isEqualTo("Weather Bot Pro");
      assertThat(harness.text("#saveState")).isEqualTo("Unsaved changes");
    } finally {
      harness.restartServer();
    }
    robot.clickOn("#bannerAction");

    fx.waitUntil(() -> "All changes saved".equals(harness.text("#saveState")));
    assertThat(fx.isShowing("#banner")).isFalse();
    assertThat(harness.text("#statusLine"))
        .isEqualTo("Connected to " + harness.server().baseUrl() + " as alice");
    assertThat(harness.alice().getApp(app.id()).name()).isEqualTo("Weather Bot Pro");
  }

  @Test
  void theListStaysVisibleWhileTheServerIsAway() throws Exception {
    robot.clickOn("#backButton");
    fx.waitUntil(() -> fx.isShowing("#table"));
    harness.stopServer();
    try {
      robot.type(KeyCode.F5);
      fx.waitUntil(() -> fx.isShowing("#retryButton"));
      assertThat(fx.isShowing("Weather Bot")).isTrue();
      assertThat(harness.text("#statusLine"))
          .startsWith("Cannot reach ")
          .doesNotContain("Connected to");
    } finally {
      harness.restartServer();
    }
    robot.clickOn("#retryButton");
    fx.waitUntil(() -> !fx.isShowing("#retryButton"));
    assertThat(fx.showing("#table", TableView.class).getItems()).hasSize(1);
    assertThat(harness.text("#statusLine")).startsWith("Connected to ");
  }

  @Test
  void rotateMakesANewSecretAfterAConfirmation() throws Exception {
    String before = currentSecret();
    robot.clickOn("#rotateButton");
    fx.waitUntil(() -> fx.isShowing("Rotate secret"));
    robot.clickOn("Rotate secret");

    fx.waitUntil(() -> fx.isShowing("#banner"));
    assertThat(harness.text("#bannerMessage")).contains("New client secret");
    assertThat(currentSecret()).isNotEqualTo(before);
  }

  @Test
  void deleteAsksForTheNameThenDeletesAndGoesBack() throws Exception {
    robot.clickOn("#deleteButton");
    fx.waitUntil(() -> fx.window("Delete Weather Bot") != null);
    Button delete =
        robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
            .filter(b -> "Delete app".equals(b.getText()))
            .findFirst()
            .orElseThrow();
    assertThat(delete.isDisabled()).isTrue();
    robot.clickOn("#confirmField").write("Weather Bo");
    assertThat(delete.isDisabled()).isTrue();
    robot.write("t");
    fx.waitUntil(() -> !delete.isDisabled());
    robot.clickOn(delete);

    fx.waitUntil(() -> fx.isShowing("You haven't created any apps yet."));
    assertThat(harness.alice().listAllApps()).isEmpty();
  }

  private long reveals() {
    return harness.server().auditOf(app.id()).stream()
        .filter(e -> e.action().contains("reveal"))
        .count();
  }

  private String currentSecret() {
    Secret secret = harness.alice().revealSecret(app.id());
    return secret.reveal();
  }

  private TextField secretField() {
    return fx.showing("#secretField", TextField.class);
  }

  private Button button(String id) {
    return fx.showing(id, Button.class);
  }

  @SuppressWarnings("unchecked")
  private ListView<String> callbackList() {
    return fx.showing("#callbackList", ListView.class);
  }

  private static <T> T onFx(Callable<T> work) throws Exception {
    return WaitForAsyncUtils.asyncFx(work).get();
  }
}
