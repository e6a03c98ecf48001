package io.keyport.server.store;

import java.time.Instant;
import java.util.List;

/** The {@code audit} table: who revealed or rotated which app's client secret, when, from where. */
public final class AuditStore {
  private final Jdbc jdbc;

  public AuditStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  public record AuditRow(
      long accountId, long appId, String clientId, String action, String address, Instant at) {}

  public void record(
      long accountId, long appId, String clientId, String action, String address, Instant at) {
    jdbc.insert(
        "insert into audit (account_id, app_id, client_id, action, address, at) values (?, ?, ?, ?, ?, ?)",
        accountId,
        appId,
        clientId,
        action,
        address,
        at);
  }

  /** The app's audit entries, oldest first. */
  public List<AuditRow> forApp(long appId) {
    return jdbc.list(
        "select account_id, app_id, client_id, action, address, at from audit where app_id = ? order by id",
        rs ->
            new AuditRow(
                rs.getLong("account_id"),
                rs.getLong("app_id"),
                rs.getString("client_id"),
                rs.getString("action"),
                rs.getString("address"),
                Jdbc.instant(rs, "at")),
        appId);
  }
}
