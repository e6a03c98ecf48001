package io.keyport.server.store;

import java.util.Optional;

/** Table {@code server_settings}: named values every server instance on the database shares. */
public final class SettingsStore {
  private final Jdbc jdbc;

  public SettingsStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> get(String name) {
    return jdbc.one("select value from server_settings where name = ?", rs -> rs.getString(1), name);
  }

  /** Sets {@code name} unless it is set; returns the value it has now (this one, or the one first set). */
  public String setIfAbsent(String name, String value) {
    try {
      jdbc.update("insert into server_settings (name, value) values (?, ?)", name, value);
      return value;
    } catch (Jdbc.StoreException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      return get(name).orElseThrow(() -> e);
    }
  }

  public void set(String name, String value) {
    if (jdbc.update("update server_settings set value = ? where name = ?", value, name) == 0) {
      setIfAbsent(name, value);
    }
  }
}
