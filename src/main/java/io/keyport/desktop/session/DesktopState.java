package io.keyport.desktop.session;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What every view of the desktop shares: the session (null until connected) and the status line. */
public final class DesktopState {
  private final ObjectProperty<Session> session = new SimpleObjectProperty<>(this, "session");
  private final StringProperty status = new SimpleStringProperty(this, "status", "");

  public ObjectProperty<Session> sessionProperty() {
    return session;
  }

  public Session session() {
    return session.get();
  }

  public StringProperty statusProperty() {
    return status;
  }
}
