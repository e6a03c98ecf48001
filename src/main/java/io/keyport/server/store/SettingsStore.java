package io.keyport.server.store;

import java.util.Optional;

/** Table {@code server_settings}: named values every server instance on the database shares. */
public final class SettingsStore {
  private final Jdbc jdbc;

  public SettingsStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> get(String name) {
    return jdbc.one(
        "select setting_value from server_settings where setting_name = ?",
        rs -> rs.getString(1),
        name);
  }

  /**
   * Sets {@code name} unless it is set; returns the value it has now (this one, or the one first
   * set).
   */
  public String setIfAbsent(String name, String value) {
    Optional<String> set = get(name);
    if (set.isPresent()) {
      return set.get();
    }
    try {
      jdbc.update(
          "insert into server_settings (setting_name, setting_value) values (?, ?)", name, value);
      return value;
    } catch (Jdbc.StoreException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      return get(name).orElseThrow(() -> e); // another instance set it first
    }
  }

  public void set(String name, String value) {
    if (jdbc.update(
            "update server_settings set setting_value = ? where setting_name = ?", value, name)
        == 0) {
      setIfAbsent(name, value);
    }
  }
}
