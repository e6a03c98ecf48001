package io.keyport.server.store;

import java.time.Instant;
import java.util.Optional;

/** The {@code web_sessions} table: signed-in browsers, by the SHA-256 of their cookie. */
public final class SessionStore {
  private final Jdbc jdbc;

  public SessionStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** A live session: whose, and until when. */
  public record SessionRow(long accountId, Instant createdAt, Instant expiresAt) {}

  public void insert(String idHash, long accountId, Instant now, Instant expiresAt) {
    jdbc.insertRow(
        "insert into web_sessions (id_hash, account_id, created_at, expires_at) values (?, ?, ?, ?)",
        idHash,
        accountId,
        now,
        expiresAt);
  }

  /** The session if it has not expired at {@code now}. */
  public Optional<SessionRow> live(String idHash, Instant now) {
    return jdbc.one(
        "select account_id, created_at, expires_at from web_sessions where id_hash = ?"
            + " and expires_at > ?",
        rs ->
            new SessionRow(
                rs.getLong("account_id"),
                Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "expires_at")),
        idHash,
        now);
  }

  /** Signs a browser out; also sweeps sessions that expired before {@code now}. */
  public void delete(String idHash, Instant now) {
    jdbc.update("delete from web_sessions where id_hash = ? or expires_at <= ?", idHash, now);
  }
}
