package io.keyport.desktop.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * Create an App against a real server: the happy path, name-taken and a bad callback on their
 * fields, input kept.
 */
class CreateAppTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  @BeforeEach
  void show() throws Exception {
    harness.show(DesktopHarness.quick());
  }

  @Test
  void createOneHereMakesTheAppAndOpensIt() throws Exception {
    fx.waitUntil(() -> fx.isShowing("You haven't created any apps yet."));
    robot.clickOn("Create one here");
    fx.waitUntil(() -> fx.window("Create an App") != null);
    assertThat(field("#callbackField").getText()).isEqualTo("http://localhost:8000");
    assertThat(fx.isShowing("You will be able to change all of this later.")).isTrue();

    robot.clickOn("#nameField").write("Weather Bot");
    robot.clickOn("#profileLink");
    String profile = harness.alice().me().canonicalUrl();
    fx.waitUntil(() -> profile.equals(field("#websiteField").getText()));
    robot.clickOn(createButton());

    fx.waitUntil(() -> fx.window("Create an App") == null);
    fx.waitUntil(() -> fx.isShowing("#clientIdField"));
    List<App> apps = harness.alice().listAllApps();
    assertThat(apps)
        .singleElement()
        .satisfies(
            app -> {
              assertThat(app.name()).isEqualTo("Weather Bot");
              assertThat(app.website()).isEqualTo(profile);
              assertThat(app.callbackUrls()).containsExactly("http://localhost:8000");
            });
    assertThat(harness.text("#title")).isEqualTo("Weather Bot");
    assertThat(harness.text("#clientIdField")).isEqualTo(apps.get(0).clientId());
  }

  @Test
  void ctrlNAndCreateOneHereOpenWithTheCursorInName() throws Exception {
    fx.waitUntil(() -> fx.isShowing("You haven't created any apps yet."));
    robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
    // typed right away into the window that has the focus: all of it lands in Name, none of it
    // presses Create
    robot.targetWindow(fx.waitForWindow("Create an App"));
    robot.write("Walk Demo");
    assertThat(field("#nameField").getText())
        .as("Name; the focus is on " + fx.window("Create an App").getScene().getFocusOwner())
        .isEqualTo("Walk Demo");
    assertThat(createButton().isFocused()).isFalse();
    assertThat(fx.window("Create an App")).isNotNull();
    robot.type(KeyCode.ESCAPE);
    fx.waitUntil(() -> fx.window("Create an App") == null);

    robot.clickOn("Create one here");
    robot.targetWindow(fx.waitForWindow("Create an App"));
    robot.write("Walk Demo");
    assertThat(field("#nameField").getText()).isEqualTo("Walk Demo");
    assertThat(createButton().isFocused()).isFalse();
  }

  @Test
  void nameTakenLandsOnTheNameFieldAndTheInputStays() throws Exception {
    harness.createApp("Weather Bot");
    robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
    fx.waitUntil(() -> fx.window("Create an App") != null);

    robot.clickOn("#nameField").write("weather bot");
    robot.clickOn("#websiteField").write("https://weather.example.com");
    robot.clickOn(createButton());

    fx.waitUntil(() -> fx.isShowing("#nameError"));
    assertThat(harness.text("#nameError")).contains("weather bot");
    assertThat(fx.window("Create an App")).isNotNull();
    assertThat(field("#nameField").getText()).isEqualTo("weather bot");
    assertThat(field("#websiteField").getText()).isEqualTo("https://weather.example.com");
    assertThat(field("#callbackField").getText()).isEqualTo("http://localhost:8000");
    assertThat(createButton().isDisabled()).isFalse();

    // a new name clears the server's error, and Create goes through
    robot.clickOn("#nameField").write(" 2");
    fx.waitUntil(() -> !fx.isShowing("#nameError"));
    robot.clickOn(createButton());
    fx.waitUntil(() -> fx.window("Create an App") == null);
    assertThat(harness.alice().listAllApps())
        .extracting(App::name)
        .containsExactlyInAnyOrder("Weather Bot", "weather bot 2");
  }

  @Test
  void anInvalidCallbackShowsOnItsFieldAndNothingIsCreated() throws Exception {
    robot.clickOn("#newAppButton");
    fx.waitUntil(() -> fx.window("Create an App") != null);
    robot.clickOn("#nameField").write("Weather Bot");
    robot.clickOn("#websiteField").write("https://weather.example.com");
    TextField callback = field("#callbackField");
    robot
        .doubleClickOn(callback)
        .eraseText(callback.getText().length() + 2)
        .write("http://weather.example.com/cb");

    fx.waitUntil(() -> fx.isShowing("#callbackError"));
    assertThat(harness.text("#callbackError")).contains("https");
    robot.clickOn(createButton());

    assertThat(fx.window("Create an App")).isNotNull();
    assertThat(fx.isShowing("#callbackError")).isTrue();
    assertThat(field("#nameField").getText()).isEqualTo("Weather Bot");
    assertThat(callback.getText()).isEqualTo("http://weather.example.com/cb");
    assertThat(harness.alice().listAllApps()).isEmpty();

    // Esc closes the dialog without creating anything
    robot.type(KeyCode.ESCAPE);
    fx.waitUntil(() -> fx.window("Create an App") == null);
    assertThat(harness.alice().listAllApps()).isEmpty();
  }

  @Test
  void theServerAwayKeepsTheInputAndCreateWorksOnceItIsBack() throws Exception {
    robot.clickOn("#newAppButton");
    fx.waitUntil(() -> fx.window("Create an App") != null);
    robot.clickOn("#nameField").write("Weather Bot");
    robot.clickOn("#websiteField").write("https://weather.example.com");
    harness.stopServer();
    try {
      robot.clickOn(createButton());
      fx.waitUntil(() -> fx.isShowing("#formError"));
      assertThat(harness.text("#formError"))
          .contains("Cannot reach the Keyport server")
          .contains("input is kept");
      assertThat(field("#nameField").getText()).isEqualTo("Weather Bot");
      assertThat(field("#websiteField").getText()).isEqualTo("https://weather.example.com");
    } finally {
      harness.restartServer();
    }
    robot.clickOn(createButton());

    fx.waitUntil(() -> fx.window("Create an App") == null);
    fx.waitUntil(() -> fx.isShowing("#clientIdField"));
    assertThat(harness.alice().listAllApps()).extracting(App::name).containsExactly("Weather Bot");
  }

  private TextField field(String id) {
    return fx.showing(id, TextField.class);
  }

  private Button createButton() {
    return robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
        .filter(b -> "Create".equals(b.getText()) && FxLookups.showing(b))
        .findFirst()
        .orElseThrow();
  }
}
