package io.keyport.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code accounts} table. */
public final class AccountStore {
  private final Jdbc jdbc;

  public AccountStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** An account row; {@code passwordHash} is an Argon2id encoding or null for a local account. */
  public record AccountRow(
      long id, String username, String name, String passwordHash, Instant createdAt) {
    @Override
    public String toString() {
      return "AccountRow[id=" + id + ", username=" + username + "]";
    }
  }

  private static final String COLUMNS = "id, username, name, password_hash, created_at";

  public Optional<AccountRow> byUsername(String username) {
    return jdbc.one(
        "select " + COLUMNS + " from accounts where username = ?", AccountStore::row, username);
  }

  public Optional<AccountRow> byId(long id) {
    return jdbc.one("select " + COLUMNS + " from accounts where id = ?", AccountStore::row, id);
  }

  public AccountRow create(String username, String name, String passwordHash, Instant now) {
    long id =
        jdbc.insert(
            "insert into accounts (username, name, password_hash, created_at) values (?, ?, ?, ?)",
            username,
            name,
            passwordHash,
            now);
    return new AccountRow(id, username, name, passwordHash, now);
  }

  /** Sets the account's display name (null: none, the username shows). */
  public void setName(long id, String name) {
    jdbc.update("update accounts set name = ? where id = ?", name, id);
  }

  /** Sets or replaces the account's password hash. */
  public void setPasswordHash(long id, String passwordHash) {
    jdbc.update("update accounts set password_hash = ? where id = ?", passwordHash, id);
  }

  /**
   * Gives a passwordless account its first password hash; false (and nothing changed) when the
   * account has one by now.
   */
  public boolean setFirstPasswordHash(long id, String passwordHash) {
    return jdbc.update(
            "update accounts set password_hash = ? where id = ? and password_hash is null",
            passwordHash,
            id)
        == 1;
  }

  private static AccountRow row(ResultSet rs) throws SQLException {
    return new AccountRow(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("name"),
        rs.getString("password_hash"),
        Jdbc.instant(rs, "created_at"));
  }
}
