package io.keyport.desktop.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A dialog holds its content's designed size as its window's minimum (the size hint a window
 * manager keeps), within the screen, grows back when the window system makes it smaller, and stays
 * as large as it is made. Under GTK the window system once gave the scope dialog 200x200 after it
 * was shown; RealWindowManagerTest drives that under openbox.
 */
class DialogStageTest {
  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @AfterEach
  void closeWindows() throws Exception {
    FxToolkit.cleanupStages();
  }

  @Test
  void holdsItsDesignedSizeAsItsMinimumAndGrowsBackToIt() throws Exception {
    Stage dialog = shown(600, 400);
    WaitForAsyncUtils.waitFor(
        10, TimeUnit.SECONDS, () -> dialog.getMinWidth() >= 600 && dialog.getMinHeight() >= 400);
    assertThat(dialog.getWidth()).isGreaterThanOrEqualTo(600);
    assertThat(dialog.getHeight()).isGreaterThanOrEqualTo(400);

    WaitForAsyncUtils.asyncFx(
            () -> {
              dialog.setWidth(200);
              dialog.setHeight(200);
            })
        .get();
    WaitForAsyncUtils.waitFor(
        10,
        TimeUnit.SECONDS,
        () -> dialog.getWidth() >= dialog.getMinWidth() && dialog.getHeight() >= 400);

    WaitForAsyncUtils.asyncFx(
            () -> {
              dialog.setWidth(900);
              dialog.setHeight(700);
            })
        .get();
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(dialog.getWidth()).as("a width the user chose").isEqualTo(900);
    assertThat(dialog.getHeight()).as("a height the user chose").isEqualTo(700);
  }

  @Test
  void neverAsksForMoreThanTheScreen() throws Exception {
    Stage dialog = shown(5000, 5000);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog.getMinWidth() > 0);
    WaitForAsyncUtils.waitForFxEvents();
    Rectangle2D screen = Screen.getPrimary().getVisualBounds();
    assertThat(dialog.getMinWidth()).isPositive().isLessThanOrEqualTo(screen.getWidth());
    assertThat(dialog.getMinHeight()).isPositive().isLessThanOrEqualTo(screen.getHeight());
  }

  /** A dialog whose content wants {@code width} by {@code height}, shown. */
  private static Stage shown(double width, double height) throws Exception {
    return WaitForAsyncUtils.asyncFx(
            () -> {
              Region content = new Region();
              content.setPrefSize(width, height);
              Stage stage = DialogStage.create(null, new StackPane(content), "Sized");
              stage.show();
              return stage;
            })
        .get();
  }
}
