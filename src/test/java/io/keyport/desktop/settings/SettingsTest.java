package io.keyport.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.session.SettingsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/**
 * Settings: the theme applies at once, Save keeps everything as JSON in the config folder, Cancel
 * undoes the theme.
 */
class SettingsTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;
  @TempDir Path config;

  @AfterEach
  void reset() throws Exception {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
  }

  @Test
  void savedSettingsApplyAtOnceAndAreKeptInTheConfigFolder() throws Exception {
    Settings settings = new Settings();
    SettingsStore store = SettingsStore.in(config);
    Files.writeString(
        config.resolve("settings.json"), "{\"teamServerUrl\": null, \"somethingElse\": 7}");
    harness.show(settings, store);

    openSettings();
    robot.clickOn("#darkTheme");
    fx.waitUntil(
        () ->
            new PrimerDark()
                .getUserAgentStylesheetBSS()
                .equals(Application.getUserAgentStylesheet()));
    setSpinner("#clipboardSpinner", "12");
    setSpinner("#revealSpinner", "9");
    TextField url = fx.showing("#teamServerField", TextField.class);
    robot.clickOn(url).write("https://keyport.example.com");
    robot.clickOn("Save");

    fx.waitUntil(() -> fx.window("Keyport Settings") == null);
    assertThat(settings.values())
        .isEqualTo(new Settings.Values(12, 9, Settings.Theme.DARK, "https://keyport.example.com"));
    assertThat(store.load()).isEqualTo(settings.values());
    assertThat(Files.readString(config.resolve("settings.json")))
        .contains("\"teamServerUrl\" : \"https://keyport.example.com\"")
        .contains("\"somethingElse\" : 7");
  }

  @Test
  void cancelUndoesThePreviewedThemeAndKeepsNothing() throws Exception {
    Settings settings = new Settings();
    SettingsStore store = SettingsStore.in(config);
    harness.show(settings, store);

    openSettings();
    robot.clickOn("#darkTheme");
    fx.waitUntil(
        () ->
            new PrimerDark()
                .getUserAgentStylesheetBSS()
                .equals(Application.getUserAgentStylesheet()));
    robot.type(KeyCode.ESCAPE);

    fx.waitUntil(() -> fx.window("Keyport Settings") == null);
    assertThat(Application.getUserAgentStylesheet())
        .isEqualTo(new PrimerLight().getUserAgentStylesheetBSS());
    assertThat(settings.values()).isEqualTo(Settings.Values.defaults());
    assertThat(Files.exists(config.resolve("settings.json"))).isFalse();
  }

  @Test
  void showsTheTeamServerTheFrontDoorWroteMeanwhile() throws Exception {
    Settings settings = new Settings();
    SettingsStore store = SettingsStore.in(config);
    harness.show(settings, store);
    // as "Connect to a team server…" does, through SettingsStore.setTeamServer
    Files.writeString(
        config.resolve("settings.json"), "{\"teamServerUrl\": \"https://team.example.com\"}");

    openSettings();

    fx.waitUntil(
        () ->
            "https://team.example.com"
                .equals(fx.showing("#teamServerField", TextField.class).getText()));
    robot.clickOn("Save");
    fx.waitUntil(() -> fx.window("Keyport Settings") == null);
    assertThat(store.load().teamServerUrl()).isEqualTo("https://team.example.com");
  }

  private void openSettings() throws Exception {
    robot.clickOn("Keyport");
    robot.clickOn("Settings…");
    fx.waitUntil(() -> fx.window("Keyport Settings") != null);
  }

  private void setSpinner(String id, String value) {
    Spinner<?> spinner = fx.showing(id, Spinner.class);
    TextField editor = spinner.getEditor();
    robot.doubleClickOn(editor).eraseText(editor.getText().length() + 2).write(value);
  }
}
