package io.keyport.server.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When tokens and client secrets were last used: {@code last_used_at} of {@code tokens} and {@code
 * client_secrets}, written in batches. A time only ever moves forward, so servers sharing the
 * database never write one back, and a second server's write of the same minute changes no row.
 */
public final class UsageStore {
  private static final String TOKENS =
      "update tokens set last_used_at = ? where id = ?"
          + " and (last_used_at is null or last_used_at < ?)";
  private static final String SECRETS =
      "update client_secrets set last_used_at = ? where id = ?"
          + " and (last_used_at is null or last_used_at < ?)";

  private final Jdbc jdbc;

  public UsageStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Token id → when it was used; returns how many rows changed. */
  public int tokensUsed(Map<Long, Instant> used) {
    return write(TOKENS, used);
  }

  /** Client secret id → when it was used; returns how many rows changed. */
  public int secretsUsed(Map<Long, Instant> used) {
    return write(SECRETS, used);
  }

  private int write(String sql, Map<Long, Instant> used) {
    if (used.isEmpty()) {
      return 0;
    }
    // In id order: two servers writing overlapping batches lock rows in the same order.
    List<Object[]> rows = new ArrayList<>(used.size());
    new TreeMap<>(used).forEach((id, at) -> rows.add(new Object[] {at, id, at}));
    return jdbc.updateAllUnannounced(sql, rows);
  }
}
