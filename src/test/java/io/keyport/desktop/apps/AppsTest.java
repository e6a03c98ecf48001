package io.keyport.desktop.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** Your Apps: the table, filter-as-you-type with Ctrl+F, Enter opens, Esc goes back. */
class AppsTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  @Test
  void filterAsYouTypeThenEnterOpensAndEscapeGoesBack() throws Exception {
    // The filter also searches client IDs, which are random letters and digits: every text typed
    // here holds a space, so no client ID (nor the website) can match it by chance.
    App weather = harness.createApp("Our Weather");
    harness.createApp("Photo Sync");
    harness.createApp("Our Weekly");
    harness.show(DesktopHarness.quick());
    fx.waitUntil(() -> table().getItems().size() == 3);
    fx.waitUntil(() -> fx.isShowing(weather.clientId()));

    robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
    fx.waitUntil(() -> fx.showing("#filterField", TextField.class).isFocused());
    robot.write("our we");
    fx.waitUntil(() -> table().getItems().size() == 2);
    robot.write("a");
    fx.waitUntil(() -> table().getItems().size() == 1);
    assertThat(table().getItems().get(0).name()).isEqualTo("Our Weather");
    robot.write("zz");
    fx.waitUntil(() -> fx.isShowing("No app matches “our weazz”."));

    robot
        .press(KeyCode.BACK_SPACE)
        .release(KeyCode.BACK_SPACE)
        .press(KeyCode.BACK_SPACE)
        .release(KeyCode.BACK_SPACE);
    fx.waitUntil(() -> table().getItems().size() == 1);
    robot.type(KeyCode.DOWN);
    robot.type(KeyCode.ENTER);
    fx.waitUntil(() -> fx.isShowing("#secretField"));
    assertThat(harness.text("#title")).isEqualTo("Our Weather");

    robot.type(KeyCode.ESCAPE);
    fx.waitUntil(() -> fx.isShowing("#table"));
    assertThat(fx.isShowing("#secretField")).isFalse();
  }

  @Test
  void escapeWithUnsavedEditsAsksFirst() throws Exception {
    harness.createApp("Weather Bot");
    harness.show(DesktopHarness.quick());
    fx.waitUntil(() -> fx.isShowing("Weather Bot"));
    robot.doubleClickOn("Weather Bot");
    fx.waitUntil(() -> fx.isShowing("#nameField"));
    robot.clickOn("#nameField").write(" 2");

    robot.type(KeyCode.ESCAPE);
    fx.waitUntil(() -> fx.isShowing("Discard"));
    robot.clickOn("Cancel");
    fx.waitUntil(() -> !fx.isShowing("Discard"));
    assertThat(fx.showing("#nameField", TextField.class).getText()).isEqualTo("Weather Bot 2");

    robot.clickOn("#backButton");
    fx.waitUntil(() -> fx.isShowing("Discard"));
    robot.clickOn("Discard");
    fx.waitUntil(() -> fx.isShowing("#table"));
    assertThat(harness.alice().listAllApps().get(0).name()).isEqualTo("Weather Bot");
  }

  @SuppressWarnings("unchecked")
  private TableView<App> table() {
    return fx.showing("#table", TableView.class);
  }
}
