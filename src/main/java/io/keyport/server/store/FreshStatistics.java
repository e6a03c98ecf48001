package io.keyport.server.store;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table statistics brought up to date soon after a burst of inserts, on PostgreSQL. Its planner
 * picks plans by them, and autovacuum refreshes them only on its next round (a minute apart by
 * default): a table filled in seconds is planned meanwhile as if it held what it held before. A
 * channel's newest messages, on a {@code messages} table never analysed, were read by joining and
 * sorting the whole channel (20,000 rows, 13–19 ms a page) instead of reading 21 rows down the
 * index (0.1 ms).
 *
 * <p>So this instance counts the rows it inserts, and once they pass autovacuum's own rule (50 rows
 * and 10% of what the table held at its last analysis, as PostgreSQL counted it) it runs {@code
 * ANALYZE} on the tables, on a background thread, one at a time: what autovacuum would do, without
 * waiting for its round. On H2 it does nothing.
 */
final class FreshStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(FreshStatistics.class);
  static final long THRESHOLD = 50;
  static final double SCALE = 0.1;

  private final Jdbc jdbc;
  private final String tables;
  private final String counted;
  private final AtomicLong inserted = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long rowsAtLastAnalysis;

  /** {@code tables}: the tables the counted inserts go to (the first is the one counted). */
  FreshStatistics(Jdbc jdbc, String... tables) {
    this.jdbc = jdbc;
    this.tables = String.join(", ", tables);
    this.counted = tables[0];
  }

  /** Notes {@code rows} inserted (committed); may start an analysis in the background. */
  void inserted(int rows) {
    if (!jdbc.isPostgres()) {
      return;
    }
    long since = inserted.addAndGet(rows);
    if (since < THRESHOLD + SCALE * rowsAtLastAnalysis || !running.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> analyse(since), "keyport-analyse");
    t.setDaemon(true);
    t.start();
  }

  private void analyse(long since) {
    try {
      long rows =
          jdbc.inConnection(
              c -> {
                try (Statement s = c.createStatement()) {
                  s.execute("analyze " + tables);
                  try (ResultSet r =
                      s.executeQuery(
                          "select reltuples from pg_class where oid = '"
                              + counted
                              + "'::regclass")) {
                    return r.next() ? Math.max(0, r.getLong(1)) : 0L;
                  }
                }
              });
      rowsAtLastAnalysis = rows;
      inserted.addAndGet(-since);
    } catch (RuntimeException e) {
      LOG.debug("analyze {} failed; autovacuum will do it", tables, e);
      inserted.addAndGet(-since); // not again at once: wait for as many more rows
    } finally {
      running.set(false);
    }
  }
}
