package io.keyport.desktop.authorized;

import io.keyport.api.Authorization;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state of "Authorized apps": the apps that hold tokens for the user, whether a load or a
 * revoke is running, and the message line. Changed on the JavaFX thread only.
 */
public final class AuthorizedAppsModel {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private final ObservableList<Authorization> apps = FXCollections.observableArrayList();
  private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");

  public ObservableList<Authorization> apps() {
    return apps;
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  public StringProperty messageProperty() {
    return message;
  }

  void loaded(List<Authorization> list) {
    apps.setAll(list);
    message.set(list.isEmpty() ? "No app holds a token for you." : "");
  }

  void revoked(String clientId, String name) {
    apps.removeIf(a -> a.app().clientId().equals(clientId));
    message.set("Access revoked: " + name + " can no longer act for you.");
  }

  void failed(String text) {
    message.set(text);
  }

  /** "12 Mar 2026, 10:04" or "never" / "unknown". */
  static String when(Instant at, String absent) {
    return at == null ? absent : WHEN.format(at);
  }

  static String scopes(Authorization a) {
    return a.scopes() == null ? "" : String.join(", ", a.scopes());
  }
}
