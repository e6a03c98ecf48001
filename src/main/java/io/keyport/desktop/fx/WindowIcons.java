package io.keyport.desktop.fx;

import java.net.URL;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    stage.getIcons().setAll(icons());
    return stage;
  }

  /**
   * Begins decoding the icons on a thread of its own, so that the main window, built meanwhile on
   * the JavaFX thread, finds them ready (decoding the six PNGs there took ~10% of the window's
   * start-up). The toolkit must be running.
   */
  public static void preload() {
    loading();
  }

  /**
   * The icons, smallest first; loaded once, from the classpath (waiting for {@link #preload()} if
   * it is under way).
   */
  public static List<Image> icons() {
    return loading().join();
  }

  private static synchronized CompletableFuture<List<Image>> loading() {
    if (loading == null) {
      CompletableFuture<List<Image>> icons = new CompletableFuture<>();
      loading = icons;
      Thread t =
          new Thread(
              () -> {
                try {
                  icons.complete(load());
                } catch (RuntimeException | Error e) {
                  icons.completeExceptionally(e);
                }
              },
              "keyport-icons");
      t.setDaemon(true);
      t.start();
    }
    return loading;
  }

  private static CompletableFuture<List<Image>> loading;

  private static List<Image> load() {
    return SIZES.stream()
        .flatMap(size -> Stream.ofNullable(url(size)))
        .map(url -> new Image(url.toExternalForm()))
        .toList();
  }

  private static URL url(int size) {
    return WindowIcons.class.getResource("/io/keyport/desktop/icons/keyport-" + size + ".png");
  }
}
