package io.keyport.desktop.session;

/**
 * The main window's size (its content, without the window manager's frame): as designed, or as the
 * user left it last time ({@link SettingsStore#windowSize()}), never larger than the screen.
 */
public record WindowSize(double width, double height) {
  /** The size the main window is designed for. */
  public static final WindowSize DESIGNED = new WindowSize(980, 700);

  /** Below this the main window's layout does not fit. */
  public static final WindowSize MINIMUM = new WindowSize(720, 480);

  /**
   * This size, no smaller than {@link #MINIMUM} and no larger than {@code maxWidth × maxHeight}.
   */
  public WindowSize within(double maxWidth, double maxHeight) {
    return new WindowSize(
        clamp(width, MINIMUM.width, maxWidth), clamp(height, MINIMUM.height, maxHeight));
  }

  /** True for a size worth keeping: finite, positive. */
  public boolean sane() {
    return Double.isFinite(width) && Double.isFinite(height) && width > 0 && height > 0;
  }

  private static double clamp(double value, double min, double max) {
    return Math.floor(Math.min(Math.max(value, min), max));
  }
}
