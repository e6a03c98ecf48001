package io.keyport.server.core;

import io.keyport.api.Token;
import io.keyport.server.store.AppStore.ClientRow;
import io.keyport.server.store.TokenStore.TokenRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token lookups remembered between requests, so that a request with a known bearer token costs no
 * query; likewise the client a client-credentials grant authenticates. Only live tokens are
 * remembered (a revoked one is looked up every time), expiry is checked against the clock on every
 * use, and everything is forgotten on every write to the database that could revoke a token or
 * change what it describes ({@link #forgetAll}, which the store layer calls after each update and
 * each transaction, before the answer goes out).
 *
 * <p>On PostgreSQL other servers may share the database: each write is also announced with
 * {@code NOTIFY keyport_writes}, every server LISTENs and forgets everything when it hears one, and
 * while it is not listening it remembers nothing. A token revoked through another server is then
 * refused here once the notification arrives (milliseconds after that server's commit).
 */
public final class TokenCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TokenCache.class);
  static final String CHANNEL = "keyport_writes";
  /** A bound on memory: past it, the cache starts again empty. */
  static final int MAX_ENTRIES = 20_000;

  private final Map<String, TokenRow> rows = new ConcurrentHashMap<>();
  private final Map<Long, Token> described = new ConcurrentHashMap<>();
  private final Map<String, ClientRow> clients = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean enabled;
  private volatile DataSource shared;
  private volatile Thread listener;

  private TokenCache(boolean enabled) {
    this.enabled = enabled;
  }

  /** For a database only this process uses (H2 in a data folder: H2 locks the file). */
  public static TokenCache local() {
    return new TokenCache(true);
  }

  /** Remembers nothing. */
  public static TokenCache none() {
    return new TokenCache(false);
  }

  /**
   * For a PostgreSQL database other servers may share: remembers only while LISTENing on it, and
   * announces this server's writes to the others.
   */
  public static TokenCache shared(DataSource dataSource) {
    TokenCache cache = new TokenCache(false);
    cache.shared = dataSource;
    Thread t = new Thread(cache::listen, "keyport-token-cache-listener");
    t.setDaemon(true);
    cache.listener = t;
    t.start();
    return cache;
  }

  /** The row remembered for this token hash, or null. */
  TokenRow row(String tokenHash) {
    return enabled ? rows.get(tokenHash) : null;
  }

  /** The generation to pass to {@link #remember}: read it before the lookup. */
  long generation() {
    return generation.get();
  }

  /** Remembers a live row read while {@code seen} was the generation; a write since then wins. */
  void remember(String tokenHash, TokenRow row, long seen) {
    if (row.revokedAt() == null) {
      keep(rows, tokenHash, row, seen);
    }
  }

  Token describe(long tokenId, Supplier<Token> lookup) {
    return remembered(described, tokenId, lookup);
  }

  /** The client with this client id (its secret's MAC with it); an unknown one is not remembered. */
  Optional<ClientRow> client(String clientId, Supplier<Optional<ClientRow>> lookup) {
    return Optional.ofNullable(remembered(clients, clientId, () -> lookup.get().orElse(null)));
  }

  private <K, V> V remembered(Map<K, V> map, K key, Supplier<V> lookup) {
    V known = enabled ? map.get(key) : null;
    if (known != null) {
      return known;
    }
    long seen = generation.get();
    V value = lookup.get();
    keep(map, key, value, seen);
    return value;
  }

  /**
   * Remembers a value read while {@code seen} was the generation; a write since then wins. Nothing
   * found (null) is not remembered.
   */
  private <K, V> void keep(Map<K, V> map, K key, V value, long seen) {
    if (!enabled || value == null) {
      return;
    }
    if (map.size() >= MAX_ENTRIES) {
      map.clear();
    }
    map.put(key, value);
    if (generation.get() != seen) {
      map.remove(key, value);
    }
  }

  /** Forgets everything: called after every write, and (PostgreSQL) tells the other servers. */
  public void forgetAll() {
    forgetHere();
    DataSource db = shared;
    if (db != null) {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        s.execute("notify " + CHANNEL);
      } catch (SQLException e) {
        LOG.warn("could not tell other servers to forget cached tokens (SQL state {})", e.getSQLState());
      }
    }
  }

  private void forgetHere() {
    // The generation first: a lookup that remembers after the clearing sees it and takes its entry back.
    generation.incrementAndGet();
    rows.clear();
    described.clear();
    clients.clear();
  }

  private void listen() {
    while (shared != null) {
      try (Connection c = shared.getConnection()) {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
          s.execute("listen " + CHANNEL);
        }
        forgetHere();
        enabled = true;
        while (shared != null) {
          PGNotification[] heard = pg.getNotifications(500);
          if (heard != null && heard.length > 0) {
            forgetHere();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (shared != null) {
          LOG.warn("token cache off: not listening for other servers' writes (SQL state {})",
              e instanceof SQLException sql ? sql.getSQLState() : e.getClass().getSimpleName());
        }
      } finally {
        enabled = false;
        forgetHere();
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops listening (before the database closes). */
  @Override
  public void close() {
    shared = null;
    enabled = false;
    Thread t = listener;
    if (t != null) {
      t.interrupt();
    }
  }
}
