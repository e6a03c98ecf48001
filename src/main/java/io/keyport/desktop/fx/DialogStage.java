package io.keyport.desktop.fx;

import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * A modal dialog window over the main window: the owner's stylesheets, Keyport's icons, sized to
 * its content, and Esc closes it.
 */
public final class DialogStage {
  private static final KeyCombination ENTER = new KeyCodeCombination(KeyCode.ENTER);

  private DialogStage() {}

  /**
   * A new stage holding {@code root}, modal to {@code owner} (may be null in tests); not shown yet.
   */
  public static Stage create(Window owner, Parent root, String title) {
    Stage stage = WindowIcons.apply(new Stage());
    stage.setTitle(title);
    Scene scene = new Scene(root);
    if (owner != null) {
      stage.initOwner(owner);
      stage.initModality(Modality.WINDOW_MODAL);
      if (owner.getScene() != null) {
        scene.getStylesheets().setAll(owner.getScene().getStylesheets());
      }
    }
    if (scene.getStylesheets().isEmpty()) {
      scene
          .getStylesheets()
          .add(
              Objects.requireNonNull(
                      DialogStage.class.getResource("/io/keyport/desktop/keyport.css"))
                  .toExternalForm());
    }
    scene.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.getCode() == KeyCode.ESCAPE) {
            e.consume();
            stage.close();
          }
        });
    stage.setScene(scene);
    stage.sizeToScene();
    // under GTK (openbox) a stage sized before it was shown can come up at the window system's
    // 200x200, or be configured to it after it was shown (CI: the scope dialog, now and then), and
    // a fit on WINDOW_SHOWN alone missed the late one. So the window manager is told the content's
    // designed size as the window's minimum before it maps the window (it then never maps or sizes
    // it smaller, and the user can still make it larger), and a size below that minimum, which
    // only the window system gives, grows back to it
    DesignedSize designed = new DesignedSize(stage);
    stage.addEventHandler(WindowEvent.WINDOW_SHOWING, e -> designed.measure());
    stage.addEventHandler(
        WindowEvent.WINDOW_SHOWN,
        e -> {
          designed.hold();
          fit(root);
        });
    InvalidationListener resized = o -> designed.hold();
    stage.widthProperty().addListener(resized);
    stage.heightProperty().addListener(resized);
    return stage;
  }

  /**
   * A dialog's content size as designed when it is shown, held as the window's minimum: the window
   * manager gets it as a size hint before it maps the window, and a smaller size the window system
   * gives anyway grows back to it. The user can make the window larger, never smaller.
   */
  private static final class DesignedSize {
    /** More than any window frame: a larger difference is not a frame. */
    private static final double MOST_FRAME = 100;

    private final Stage stage;
    private double width;
    private double height;
    private boolean pending;

    DesignedSize(Stage stage) {
      this.stage = stage;
    }

    /**
     * The content's preferred size now as the minimum, on WINDOW_SHOWING: the stage has no window
     * yet, which then is made with the minimum as a size hint before it is mapped.
     */
    void measure() {
      Parent root = stage.getScene().getRoot();
      root.applyCss();
      width = root.prefWidth(-1);
      height = root.prefHeight(width);
      if (width > 0 && height > 0) {
        stage.setMinWidth(Math.max(stage.getMinWidth(), minWidth()));
        stage.setMinHeight(Math.max(stage.getMinHeight(), minHeight()));
      }
    }

    /**
     * Once shown, after each resize: the content's size plus the window's frame as the stage's
     * minimum; a stage below it grows to it. Later, not within the window system's notice of the
     * resize, which tells the stage its size before the scene its own.
     */
    void hold() {
      if (!stage.isShowing() || !(width > 0) || !(height > 0) || pending) {
        return;
      }
      pending = true;
      Platform.runLater(
          () -> {
            pending = false;
            if (!stage.isShowing() || !(stage.getWidth() > 0) || !(stage.getHeight() > 0)) {
              return;
            }
            double minWidth = Math.max(stage.getMinWidth(), minWidth());
            double minHeight = Math.max(stage.getMinHeight(), minHeight());
            // the size before the minimum, both sides at once: a stage below a new minimum sets
            // only that side, and GTK refuses a resize of one side (Gtk-CRITICAL
            // gtk_window_resize: assertion 'width > 0')
            if (stage.getWidth() < minWidth || stage.getHeight() < minHeight) {
              double newWidth = Math.max(stage.getWidth(), minWidth);
              double newHeight = Math.max(stage.getHeight(), minHeight);
              stage.setWidth(newWidth);
              stage.setHeight(newHeight);
            }
            stage.setMinWidth(minWidth);
            stage.setMinHeight(minHeight);
          });
    }

    /** The content's width and the frame's, within the screen's visual bounds. */
    private double minWidth() {
      double frame = frame(stage.getWidth(), stage.getScene().getWidth());
      return Math.min(Math.ceil(width + frame), screenOf(stage).getVisualBounds().getWidth());
    }

    /** The content's height and the frame's, within the screen's visual bounds. */
    private double minHeight() {
      double frame = frame(stage.getHeight(), stage.getScene().getHeight());
      return Math.min(Math.ceil(height + frame), screenOf(stage).getVisualBounds().getHeight());
    }

    /** The frame's share of a window's extent, or 0 while the two are not both known. */
    private static double frame(double window, double content) {
      double frame = window - content;
      return content > 0 && frame >= 0 && frame <= MOST_FRAME ? frame : 0;
    }
  }

  /**
   * The screen the stage is on, else (not placed yet: on WINDOW_SHOWING) its owner's, else the
   * primary one.
   */
  private static Screen screenOf(Stage stage) {
    Window at = Double.isNaN(stage.getX()) && stage.getOwner() != null ? stage.getOwner() : stage;
    if (Double.isNaN(at.getX()) || Double.isNaN(at.getY())) {
      return Screen.getPrimary();
    }
    return Screen.getScreensForRectangle(at.getX(), at.getY(), 1, 1).stream()
        .findFirst()
        .orElse(Screen.getPrimary());
  }

  /**
   * Enter inside {@code node} presses {@code main} (a dialog's main button) when it is enabled: for
   * controls that keep Enter to themselves, such as a list.
   */
  public static void enterPresses(Node node, Button main) {
    node.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (ENTER.match(e)) {
            e.consume();
            if (!main.isDisabled()) {
              main.fire();
            }
          }
        });
  }

  /**
   * Grows the dialog holding {@code node} when its content now needs more room (a warning
   * appeared), up to the screen's height, so nothing gets squeezed; it never shrinks what the user
   * sized.
   */
  public static void fit(Node node) {
    if (node.getScene() == null
        || !(node.getScene().getWindow() instanceof Stage stage)
        || !stage.isShowing()) {
      return;
    }
    Platform.runLater(
        () -> {
          Scene scene = stage.getScene();
          if (!stage.isShowing() || scene.getHeight() <= 0 || !(stage.getHeight() > 0)) {
            // not sized by the window system yet: resizing now asked GTK for a height of 0
            // (Gtk-CRITICAL gtk_window_resize: assertion 'height > 0'); fit once it has a size
            scene
                .heightProperty()
                .addListener(
                    new InvalidationListener() {
                      @Override
                      public void invalidated(Observable o) {
                        if (scene.getHeight() > 0) {
                          scene.heightProperty().removeListener(this);
                          fit(node);
                        }
                      }
                    });
            return;
          }
          Parent root = scene.getRoot();
          root.applyCss();
          root.layout();
          double needed = root.prefHeight(scene.getWidth());
          if (needed <= scene.getHeight()) {
            return;
          }
          Rectangle2D screen = screenOf(stage).getVisualBounds();
          // to the scene's size (setHeight alone asked GTK for a width of 0: Gtk-CRITICAL
          // gtk_window_resize: assertion 'width > 0', and a 200x200 window), keeping the width as
          // it is (or as the user made it) and the height within the screen
          double width = stage.getWidth();
          stage.sizeToScene();
          stage.setWidth(Math.max(width, stage.getWidth()));
          stage.setHeight(Math.min(stage.getHeight(), screen.getHeight()));
          if (stage.getY() + stage.getHeight() > screen.getMaxY()) {
            stage.setY(Math.max(screen.getMinY(), screen.getMaxY() - stage.getHeight()));
          }
        });
  }
}
