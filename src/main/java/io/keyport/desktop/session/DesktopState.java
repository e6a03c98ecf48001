package io.keyport.desktop.session;

import io.keyport.client.ServerUnreachableException;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What every view of the desktop shares: the session (null until connected) and the status line. */
public final class DesktopState {
  private final ObjectProperty<Session> session = new SimpleObjectProperty<>(this, "session");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");
  private boolean unreachable;
  private Runnable onAppListShown = () -> {};
  private Consumer<Throwable> onAppListFailed = error -> {};

  public ObjectProperty<Session> sessionProperty() {
    return session;
  }

  public Session session() {
    return session.get();
  }

  public StringProperty statusProperty() {
    return status;
  }

  /**
   * A call failed because the server did not answer: the status line says so (beside the banner)
   * instead of "Connected to … as …". Other failures change nothing.
   */
  public void serverUnreachable(Throwable error) {
    if (!(error instanceof ServerUnreachableException failed)) {
      return;
    }
    Session current = session();
    unreachable = true;
    status.set(current == null ? "Not connected: cannot reach " + failed.baseUrl()
        : "Cannot reach " + failed.baseUrl() + " (signed in as " + current.username()
            + "); showing what was last loaded");
  }

  /** A call reached the server: after an outage the status line says "Connected to … as …" again. */
  public void serverAnswered() {
    Session current = session();
    if (unreachable && current != null) {
      status.set(current.describe());
    }
    unreachable = false;
  }

  /**
   * Runs {@code hook} (on the JavaFX thread) once, when "Your Apps" first shows a loaded list or its
   * empty state; the front door's {@code --measure-startup} waits for it.
   */
  public void setOnAppListShown(Runnable hook) {
    onAppListShown = hook == null ? () -> {} : hook;
  }

  /**
   * Runs {@code hook} (on the JavaFX thread) once, if "Your Apps" fails to load before it ever
   * showed a list; then the shown hook no longer runs, and the other way round.
   */
  public void setOnAppListFailed(Consumer<Throwable> hook) {
    onAppListFailed = hook == null ? error -> {} : hook;
  }

  /** Called by "Your Apps" each time a loaded list is on screen; only the first call runs the hook. */
  public void appListShown() {
    Runnable hook = onAppListShown;
    clearAppListHooks();
    hook.run();
  }

  /** Called by "Your Apps" each time a load fails; runs the failed hook if no list was shown before. */
  public void appListFailed(Throwable error) {
    Consumer<Throwable> hook = onAppListFailed;
    clearAppListHooks();
    hook.accept(error);
  }

  private void clearAppListHooks() {
    onAppListShown = () -> {};
    onAppListFailed = error -> {};
  }
}
