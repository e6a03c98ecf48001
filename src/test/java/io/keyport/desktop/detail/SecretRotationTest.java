package io.keyport.desktop.detail;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.api.ClientSecretInfo;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.Pngs;
import io.keyport.desktop.fx.Styles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Rotation without downtime against a real server (UX.md 12): Rotate… asks how long the old secret
 * keeps working, the secret block lists both live secrets, Retire now ends the old one early.
 */
class SecretRotationTest {
  @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();

  private final DesktopHarness harness = desktop.harness();
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;
  private App app;

  @BeforeEach
  void openTheApp() throws Exception {
    app = harness.createApp("Weather Bot");
    harness.show(DesktopHarness.quick());
    fx.waitUntil(() -> fx.isShowing("Weather Bot"));
    robot.doubleClickOn("Weather Bot");
    fx.waitUntil(() -> rows().size() == 1);
  }

  @Test
  void rotateWithAnOverlapListsBothSecretsAndRetireNowEndsTheOldOne() throws Exception {
    String oldLast4 = harness.alice().listSecrets(app.id()).get(0).last4();
    assertThat(texts(rows().get(0)))
        .contains("…" + oldLast4, "current")
        .anyMatch(t -> t.endsWith("last used never"));

    robot.clickOn("#rotateButton");
    fx.waitUntil(() -> fx.isShowing("Rotate secret"));
    robot.clickOn("1 hour");
    robot.clickOn("Rotate secret");

    fx.waitUntil(() -> rows().size() == 2);
    List<ClientSecretInfo> live = harness.alice().listSecrets(app.id());
    assertThat(live).hasSize(2);
    ClientSecretInfo old =
        live.stream().filter(s -> s.expiresAt() != null).findFirst().orElseThrow();
    assertThat(old.last4()).isEqualTo(oldLast4);
    assertThat(Duration.between(Instant.now(), old.expiresAt()))
        .isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));
    assertThat(texts(rows().get(0))).contains("current").doesNotContain("Retire now");
    assertThat(texts(rows().get(1)))
        .contains("…" + oldLast4)
        .anyMatch(t -> t.startsWith("stops working at "));
    assertThat(harness.text("#bannerMessage")).contains("The old one keeps working until");
    snapshotSecretBlock(Path.of("target", "screenshots", "secret-overlap.png"));

    robot.clickOn("Retire now");
    fx.waitUntil(() -> fx.isShowing("Retire secret"));
    robot.clickOn("Retire secret");

    fx.waitUntil(() -> rows().size() == 1);
    assertThat(texts(rows().get(0))).contains("current").doesNotContain("…" + oldLast4);
    assertThat(harness.alice().listSecrets(app.id())).hasSize(1);
    assertThat(harness.text("#bannerMessage"))
        .contains("Retired the client secret ending in …" + oldLast4);
  }

  @Test
  void rotateAtOnceLeavesOneSecretAndCancelRotatesNothing() throws Exception {
    String before = harness.alice().listSecrets(app.id()).get(0).id();
    robot.clickOn("#rotateButton");
    fx.waitUntil(() -> fx.isShowing("Rotate secret"));
    robot.clickOn("Cancel");
    assertThat(harness.alice().listSecrets(app.id()))
        .extracting(ClientSecretInfo::id)
        .containsExactly(before);

    robot.clickOn("#rotateButton");
    fx.waitUntil(() -> fx.isShowing("Rotate secret"));
    robot.clickOn("At once");
    robot.clickOn("Rotate secret");

    fx.waitUntil(() -> harness.text("#bannerMessage").contains("the old one no longer works"));
    fx.waitUntil(() -> rows().size() == 1 && !texts(rows().get(0)).isEmpty());
    assertThat(harness.alice().listSecrets(app.id()))
        .extracting(ClientSecretInfo::id)
        .doesNotContain(before);
  }

  private List<HBox> rows() {
    return robot.lookup("." + Styles.LIVE_SECRET).queryAllAs(HBox.class).stream()
        .filter(FxLookups::showing)
        .toList();
  }

  private static List<String> texts(HBox row) {
    return row.getChildren().stream()
        .map(n -> n instanceof Label l ? l.getText() : n instanceof Button b ? b.getText() : "")
        .toList();
  }

  /** The secret block (client ID, secret, live secrets) as a PNG, for the docs. */
  private void snapshotSecretBlock(Path file) throws Exception {
    Node secretField = robot.lookup("#secretField").query();
    Node block = secretField;
    while (!(block instanceof GridPane)) {
      block = block.getParent();
    }
    Node shot = block;
    WritableImage image = WaitForAsyncUtils.asyncFx(() -> shot.snapshot(null, null)).get();
    Pngs.write(image, file);
  }
}
