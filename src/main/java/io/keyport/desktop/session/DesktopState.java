package io.keyport.desktop.session;

import io.keyport.client.ServerUnreachableException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What every view of the desktop shares: the session (null until connected) and the status line.
 */
public final class DesktopState {
  private final ObjectProperty<Session> session = new SimpleObjectProperty<>(this, "session");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");
  private boolean unreachable;

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
    if (current == null) {
      return; // never connected: the status line already says "Not connected"
    }
    unreachable = true;
    status.set(
        "Cannot reach "
            + failed.baseUrl()
            + " (signed in as "
            + current.username()
            + "); showing what was last loaded");
  }

  /**
   * A call reached the server: after an outage the status line says "Connected to … as …" again.
   */
  public void serverAnswered() {
    Session current = session();
    if (unreachable && current != null) {
      status.set(current.describe());
    }
    unreachable = false;
  }
}
