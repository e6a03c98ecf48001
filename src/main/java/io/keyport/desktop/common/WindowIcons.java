package io.keyport.desktop.common;

import java.net.URL;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * Keyport's icon on a window: the title bar, the task bar and Alt-Tab pick the size they need from
 * {@code io/keyport/desktop/icons/keyport-<size>.png}, generated from {@code icons/keyport.svg} by
 * {@code packaging/icons.sh}. Every stage the desktop makes goes through {@link #apply(Stage)}.
 */
public final class WindowIcons {
  static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256);

  private WindowIcons() {}

  /** Sets Keyport's icons on {@code stage}; call it on the JavaFX application thread. */
  public static Stage apply(Stage stage) {
    stage.getIcons().setAll(Loaded.ICONS);
    return stage;
  }

  /** The icons, smallest first; loaded once, from the classpath. */
  public static List<Image> icons() {
    return Loaded.ICONS;
  }

  private static final class Loaded {
    static final List<Image> ICONS = SIZES.stream()
        .flatMap(size -> Stream.ofNullable(url(size)))
        .map(url -> new Image(url.toExternalForm()))
        .toList();

    private static URL url(int size) {
      return WindowIcons.class.getResource("/io/keyport/desktop/icons/keyport-" + size + ".png");
    }
  }

}
