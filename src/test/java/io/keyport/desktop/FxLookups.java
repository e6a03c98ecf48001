package io.keyport.desktop;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Small TestFX helpers the desktop's UI tests share: waiting on conditions, finding what is on
 * screen.
 */
public final class FxLookups {
  private final FxRobot robot;

  public FxLookups(FxRobot robot) {
    this.robot = robot;
  }

  /**
   * Waits (at most 20 s, never sleeping blindly) until {@code condition} holds on the FX thread.
   */
  public void waitUntil(Callable<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(
        20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
  }

  /** True when a node with this text is on screen: it and every ancestor visible. */
  public boolean isShowing(String text) {
    return robot.lookup(text).queryAll().stream().anyMatch(FxLookups::showing);
  }

  /** The one showing node matching {@code query} (a CSS selector or a text). */
  public <T extends Node> T showing(String query, Class<T> type) {
    return robot.lookup(query).queryAll().stream()
        .filter(FxLookups::showing)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing showing matches " + query));
  }

  /**
   * Waits until the window titled {@code title} is open, focused and laid out, so a click computed
   * from its nodes lands where they are (a just-shown dialog is centred only after its first
   * pulse).
   */
  public Stage waitForWindow(String title) throws TimeoutException {
    waitUntil(
        () -> {
          Stage stage = window(title);
          return stage != null
              && stage.isFocused()
              && stage.getScene().getRoot().getLayoutBounds().getWidth() > 0;
        });
    WaitForAsyncUtils.waitForFxEvents(3);
    return window(title);
  }

  /**
   * The showing node matching {@code query} inside the window titled {@code title} (ids repeat
   * across windows).
   */
  public <T extends Node> T in(String title, String query, Class<T> type) {
    Stage stage = window(title);
    if (stage == null) {
      throw new AssertionError("no window " + title);
    }
    return robot.from(stage.getScene().getRoot()).lookup(query).queryAll().stream()
        .filter(FxLookups::showing)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing showing in " + title + " matches " + query));
  }

  /** The open window titled {@code title}, if any. */
  public Stage window(String title) {
    return Window.getWindows().stream()
        .filter(w -> w instanceof Stage s && title.equals(s.getTitle()) && s.isShowing())
        .map(Stage.class::cast)
        .findFirst()
        .orElse(null);
  }

  public static boolean showing(Node node) {
    if (node.getScene() == null
        || node.getScene().getWindow() == null
        || !node.getScene().getWindow().isShowing()) {
      return false;
    }
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return true;
  }
}
