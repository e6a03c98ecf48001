package io.keyport.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code consents} table: which scopes a user allowed which client, first and last when. */
public final class ConsentStore {
  private final Jdbc jdbc;

  public ConsentStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public record ConsentRow(
      long accountId, String clientId, List<String> scopes, Instant firstAt, Instant lastAt) {}

  private static final String COLUMNS = "account_id, client_id, scopes, first_at, last_at";

  public Optional<ConsentRow> find(long accountId, String clientId) {
    return jdbc.one(
        "select " + COLUMNS + " from consents where account_id = ? and client_id = ?",
        ConsentStore::row,
        accountId,
        clientId);
  }

  public List<ConsentRow> ofAccount(long accountId) {
    return jdbc.list(
        "select " + COLUMNS + " from consents where account_id = ? order by last_at desc",
        ConsentStore::row,
        accountId);
  }

  /**
   * Records that the user allowed {@code scopes} (the whole set now granted) at {@code now}. A
   * first consent is inserted in a transaction that makes the cache forget after its commit, so
   * that "no consent yet" may be remembered.
   */
  public void remember(long accountId, String clientId, List<String> scopes, Instant now) {
    String joined = String.join(",", scopes);
    String update =
        "update consents set scopes = ?, last_at = ? where account_id = ? and client_id = ?";
    try {
      jdbc.inTransaction(
          c -> {
            if (Jdbc.update(c, update, joined, now, accountId, clientId) == 0) {
              Jdbc.update(
                  c,
                  "insert into consents (account_id, client_id, scopes, first_at, last_at)"
                      + " values (?, ?, ?, ?, ?)",
                  accountId,
                  clientId,
                  joined,
                  now,
                  now);
            }
            return null;
          });
    } catch (Jdbc.StoreException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      jdbc.update(
          update, joined, now, accountId, clientId); // a concurrent first consent won the insert
    }
  }

  /**
   * Forgets the consent and revokes every user token the account gave that client; false if there
   * was neither.
   */
  public boolean forget(long accountId, String clientId, Instant now) {
    return jdbc.inTransaction(
        c -> {
          int consents =
              Jdbc.update(
                  c,
                  "delete from consents where account_id = ? and client_id = ?",
                  accountId,
                  clientId);
          int tokens =
              Jdbc.update(
                  c,
                  "update tokens set revoked_at = ? where account_id = ? and client_id = ?"
                      + " and kind = 'user' and revoked_at is null",
                  now,
                  accountId,
                  clientId);
          return consents + tokens > 0;
        });
  }

  static ConsentRow row(ResultSet rs) throws SQLException {
    String scopes = rs.getString("scopes");
    return new ConsentRow(
        rs.getLong("account_id"),
        rs.getString("client_id"),
        scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(",")),
        Jdbc.instant(rs, "first_at"),
        Jdbc.instant(rs, "last_at"));
  }
}
