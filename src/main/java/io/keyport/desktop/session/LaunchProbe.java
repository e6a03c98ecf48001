package io.keyport.desktop.session;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the desktop tells whoever watches its start-up (the front door's {@code --measure-startup}):
 * once, on the JavaFX thread, either that "Your Apps" shows its first loaded list (or its empty
 * state), or that the list failed to load before it ever showed one. Whichever comes first is told;
 * every later load tells nothing.
 */
public final class LaunchProbe {
  private Runnable onAppListShown;
  private Consumer<Throwable> onAppListFailed;

  private LaunchProbe(Runnable onAppListShown, Consumer<Throwable> onAppListFailed) {
    this.onAppListShown = Objects.requireNonNull(onAppListShown);
    this.onAppListFailed = Objects.requireNonNull(onAppListFailed);
  }

  /**
   * Runs {@code onAppListShown} when the first list shows, or {@code onAppListFailed} if it fails
   * first.
   */
  public static LaunchProbe of(Runnable onAppListShown, Consumer<Throwable> onAppListFailed) {
    return new LaunchProbe(onAppListShown, onAppListFailed);
  }

  /** Nobody watching. */
  public static LaunchProbe none() {
    return new LaunchProbe(() -> {}, error -> {});
  }

  /** Called by "Your Apps" each time a loaded list is on screen; only the first call is told. */
  public void appListShown() {
    Runnable hook = onAppListShown;
    clear();
    hook.run();
  }

  /** Called by "Your Apps" each time a load fails; told only if no list was shown before. */
  public void appListFailed(Throwable error) {
    Consumer<Throwable> hook = onAppListFailed;
    clear();
    hook.accept(error);
  }

  private void clear() {
    onAppListShown = () -> {};
    onAppListFailed = error -> {};
  }
}
