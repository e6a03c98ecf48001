package io.keyport.desktop.detail;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * The callback URL checker (UX.md 11) as the user sees it, against a real server: typed into Create
 * an App and into an app's detail, a refusal shows its reason and fix under the field, a hint shows
 * under it without blocking, and what was typed stays.
 */
class CallbackCheckerTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  @Test
  void createAnAppShowsTheRefusalWithItsFixAndTheLocalhostHint() throws Exception {
    harness.show(DesktopHarness.quick());
    robot.clickOn("#newAppButton");
    fx.waitUntil(() -> fx.window("Create an App") != null);
    // the prefilled http://localhost:8000 is accepted, with RFC 8252's word on it
    fx.waitUntil(() -> fx.isShowing("#callbackHint"));
    assertThat(harness.text("#callbackHint")).contains("RFC 8252").contains("127.0.0.1:8000");
    assertThat(fx.isShowing("#callbackError")).isFalse();

    TextField callback = fx.showing("#callbackField", TextField.class);
    retype(callback, "http://weather.example.com/cb");
    fx.waitUntil(() -> fx.isShowing("#callbackError"));
    assertThat(harness.text("#callbackError"))
        .isEqualTo(
            "http is allowed only for loopback hosts (127.0.0.1, [::1], localhost) — use"
                + " https://weather.example.com/cb");
    assertThat(fx.isShowing("#callbackHint")).isFalse();
    assertThat(callback.getText()).isEqualTo("http://weather.example.com/cb");

    retype(callback, "https://weather.example.com/cb#x");
    fx.waitUntil(() -> harness.text("#callbackError").contains("#fragment"));
    assertThat(harness.text("#callbackError")).endsWith("use https://weather.example.com/cb");

    retype(callback, "http://127.0.0.1:8000");
    fx.waitUntil(() -> !fx.isShowing("#callbackError"));
    assertThat(fx.isShowing("#callbackHint")).isFalse();
    robot.type(KeyCode.ESCAPE);
    fx.waitUntil(() -> fx.window("Create an App") == null);
  }

  @Test
  void theDetailFlagsANearDuplicateAsTypedAndInTheListWithoutBlockingSave() throws Exception {
    App app = harness.createApp("Weather Bot");
    harness.show(DesktopHarness.quick());
    fx.waitUntil(() -> fx.isShowing("Weather Bot"));
    robot.doubleClickOn("Weather Bot");
    fx.waitUntil(() -> fx.isShowing("#newCallbackField"));
    assertThat(fx.isShowing("#callbackHint")).isFalse();

    robot.clickOn("#newCallbackField").write("ftp://staging.example.com");
    fx.waitUntil(() -> fx.isShowing("#callbackError"));
    assertThat(harness.text("#callbackError"))
        .contains("not custom schemes")
        .contains("use https://");

    TextField field = fx.showing("#newCallbackField", TextField.class);
    retype(field, "http://localhost:8000/");
    fx.waitUntil(() -> fx.isShowing("#callbackHint"));
    assertThat(fx.isShowing("#callbackError")).isFalse();
    assertThat(harness.text("#callbackHint"))
        .contains("consider http://127.0.0.1:8000/")
        .contains("Nearly the same as http://localhost:8000 (differs only in trailing slash)");

    robot.type(KeyCode.ENTER);
    fx.waitUntil(() -> callbackList().getItems().size() == 2);
    assertThat(harness.text("#callbackHint"))
        .startsWith("Nearly the same as http://localhost:8000")
        .doesNotContain("127.0.0.1");
    robot.clickOn("#saveButton");
    fx.waitUntil(() -> "All changes saved".equals(harness.text("#saveState")));
    assertThat(harness.alice().getApp(app.id()).callbackUrls())
        .containsExactly("http://localhost:8000", "http://localhost:8000/");
  }

  private void retype(TextField field, String text) {
    robot.doubleClickOn(field).eraseText(field.getText().length() + 2).write(text);
  }

  @SuppressWarnings("unchecked")
  private ListView<String> callbackList() {
    return fx.showing("#callbackList", ListView.class);
  }
}
