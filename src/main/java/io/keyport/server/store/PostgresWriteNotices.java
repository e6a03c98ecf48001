package io.keyport.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write notices through PostgreSQL: each write is announced with {@code NOTIFY keyport_writes}, its
 * scope as the payload ({@code NOTIFY keyport_writes, 'messages'}; none for {@link
 * WriteNotices.Scope#EVERYTHING}, as before scopes existed, so that older instances hear it too),
 * and one connection of its own (outside the pool, {@code application_name} {@code
 * keyport-listener}) LISTENs for the others'.
 *
 * <p>Nothing else would notice that connection dying silently (a NAT or load balancer dropping an
 * idle flow closes nothing), so its health is checked all the time: every {@link #HEARTBEAT_EVERY}
 * the listener sends a NOTIFY on a channel only this instance listens to, on that same connection,
 * and must hear it come back. It is {@link #healthy} only while one came back within {@link
 * #HEALTHY_WITHIN}; a statement on that connection that takes longer than {@link
 * #SOCKET_TIMEOUT_SECONDS} fails it, and none heard for {@link #LOST_AFTER} gives it up. Then the
 * loss is logged, and a new connection is opened (again and again, a little slower each time); its
 * first heartbeat heard logs the recovery and makes it healthy again.
 */
public final class PostgresWriteNotices implements WriteNotices {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWriteNotices.class);
  static final String CHANNEL = "keyport_writes";
  static final String APPLICATION_NAME = "keyport-listener";
  static final Duration HEARTBEAT_EVERY = Duration.ofMillis(500);
  static final Duration HEALTHY_WITHIN = Duration.ofMillis(1500);
  static final Duration LOST_AFTER = Duration.ofSeconds(3);
  static final int SOCKET_TIMEOUT_SECONDS = 2;
  private static final int POLL_MILLIS = 100;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /** Opens the listener's own connection. */
  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  private final DataSource pool;
  private final Connector connector;

  /** This instance's heartbeat channel: a name no other instance listens to. */
  private final String aliveChannel =
      "keyport_alive_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

  private volatile boolean connected;
  private volatile long heardAt;
  private volatile boolean closed;
  private volatile Connection current;
  private volatile Thread thread;

  PostgresWriteNotices(DataSource pool, Connector connector) {
    this.pool = pool;
    this.connector = connector;
  }

  @Override
  public synchronized void start(Consumer<Scope> othersWrote) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    Thread t = new Thread(() -> listen(othersWrote), "keyport-write-listener");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public boolean healthy() {
    return connected && System.nanoTime() - heardAt < HEALTHY_WITHIN.toNanos();
  }

  @Override
  public void announce(Scope scope) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      // The payload is one of the scopes' own names (letters only), never anything a request gave.
      s.execute(
          scope == Scope.EVERYTHING
              ? "notify " + CHANNEL
              : "notify " + CHANNEL + ", '" + scope.payload() + "'");
    } catch (SQLException e) {
      LOG.warn(
          "could not tell other servers to forget cached tokens (SQL state {})", e.getSQLState());
    }
  }

  private void listen(Consumer<Scope> othersWrote) {
    long lostAt = 0; // when the last healthy connection was lost; 0: none lost (yet)
    int failures = 0;
    while (!closed) {
      String why;
      try (Connection c = connector.open()) {
        current = c;
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
          s.execute("listen " + CHANNEL);
          s.execute("listen " + aliveChannel);
        }
        why = heed(c, pg, othersWrote, lostAt);
      } catch (SQLException e) {
        why = "SQL state " + e.getSQLState();
      } catch (RuntimeException e) {
        why = e.getClass().getSimpleName();
      } finally {
        current = null;
      }
      boolean wasHealthy = connected;
      connected = false;
      if (closed) {
        return;
      }
      if (wasHealthy) {
        failures = 0;
        lostAt = System.nanoTime();
        LOG.warn(
            "Lost the PostgreSQL LISTEN connection ({}): not hearing other servers' writes, so tokens"
                + " and clients are looked up in the database until it is back; reconnecting",
            why);
      } else if (failures++ == 0 && lostAt == 0) {
        LOG.warn(
            "Cannot LISTEN on PostgreSQL for other servers' writes ({}); tokens and clients are looked"
                + " up in the database until it works; retrying",
            why);
      }
      pause(failures);
    }
  }

  /**
   * Listens on an open connection until it fails or goes quiet; returns why it ended. Healthy from
   * the first heartbeat heard, after forgetting what may have been missed.
   */
  private String heed(Connection c, PGConnection pg, Consumer<Scope> othersWrote, long lostAt)
      throws SQLException {
    long openedAt = System.nanoTime();
    long lastHeard = openedAt;
    long sentAt = openedAt - HEARTBEAT_EVERY.toNanos();
    while (!closed) {
      if (System.nanoTime() - sentAt >= HEARTBEAT_EVERY.toNanos()) {
        sentAt = System.nanoTime();
        try (Statement s = c.createStatement()) {
          s.execute("notify " + aliveChannel);
        }
      }
      PGNotification[] heard = pg.getNotifications(POLL_MILLIS);
      EnumSet<Scope> others = EnumSet.noneOf(Scope.class);
      boolean alive = false;
      if (heard != null) {
        for (PGNotification n : heard) {
          if (aliveChannel.equals(n.getName())) {
            alive = true;
          } else {
            others.add(Scope.heard(n.getParameter()));
          }
        }
      }
      if (others.contains(Scope.EVERYTHING)) {
        othersWrote.accept(Scope.EVERYTHING);
      } else {
        others.forEach(othersWrote);
      }
      if (alive) {
        lastHeard = System.nanoTime();
        if (!connected) {
          othersWrote.accept(
              Scope.EVERYTHING); // whatever was written while not listening went unheard
          heardAt = lastHeard;
          connected = true;
          if (lostAt != 0) {
            LOG.info(
                "Hearing other servers' writes again: the PostgreSQL LISTEN connection is back after {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt));
          } else {
            LOG.info("Listening on PostgreSQL for other servers' writes");
          }
        }
        heardAt = lastHeard;
      }
      if (System.nanoTime() - lastHeard > LOST_AFTER.toNanos()) {
        return "no heartbeat came back for " + LOST_AFTER.toMillis() + " ms";
      }
    }
    return "closed";
  }

  private void pause(int failures) {
    long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures, 5));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Stops listening (before the pool closes). */
  @Override
  public void close() {
    closed = true;
    connected = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    Connection c = current;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        // closing anyway
      }
    }
  }
}
