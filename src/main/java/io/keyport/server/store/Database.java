package io.keyport.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.keyport.server.DataFolder;
import io.keyport.server.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool, migrated to the current schema on open (by Flyway, unless the schema already
 * is current): H2 in the data folder, or PostgreSQL.
 *
 * <p>No request waits for the database longer than {@link ServerConfig#dbTimeout} (about; at most
 * twice that when a connection it was given dies under it): getting a connection from the pool,
 * opening a new one and, on PostgreSQL, every read from its socket are bounded by it. A failure
 * that says the database cannot be reached ({@link #isUnreachable}) is then answered 503, not 500.
 */
public final class Database implements AutoCloseable {
  /**
   * The pool's size on PostgreSQL: each instance holds this many connections and one more
   * (listener).
   */
  public static final int POSTGRES_POOL_SIZE = 16;

  /**
   * SQL states that say the server cannot serve now: shutting down, starting, out of connections.
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private final HikariDataSource pool;
  private final boolean postgres;
  private final boolean migrated;
  private final ServerConfig config;
  private final List<AutoCloseable> beforeClose = new CopyOnWriteArrayList<>();

  private Database(HikariDataSource pool, boolean postgres, boolean migrated, ServerConfig config) {
    this.pool = pool;
    this.postgres = postgres;
    this.migrated = migrated;
    this.config = config;
  }

  public static Database open(ServerConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("keyport-db");
    if (config.dbUrl() != null) {
      hikari.setJdbcUrl(config.dbUrl());
      if (config.dbUser() != null) {
        hikari.setUsername(config.dbUser());
      }
      if (config.dbPassword() != null) {
        hikari.setPassword(config.dbPassword().reveal());
      }
      hikari.setMaximumPoolSize(POSTGRES_POOL_SIZE);
      int seconds = timeoutSeconds(config.dbTimeout());
      hikari.addDataSourceProperty("socketTimeout", seconds);
      hikari.addDataSourceProperty("connectTimeout", seconds);
      hikari.addDataSourceProperty("loginTimeout", seconds);
      hikari.addDataSourceProperty("ApplicationName", "keyport");
      // Idle connections are used now and then, so that a NAT or load balancer does not drop them.
      hikari.setKeepaliveTime(Duration.ofMinutes(1).toMillis());
    } else {
      hikari.setJdbcUrl(h2Url(config.dataDir(), config.embedded()));
      hikari.setUsername("keyport");
      hikari.setPassword("");
      hikari.setMaximumPoolSize(8);
    }
    long waitMillis = Math.max(250, config.dbTimeout().toMillis());
    hikari.setConnectionTimeout(waitMillis);
    hikari.setValidationTimeout(Math.max(250, waitMillis / 2));
    HikariDataSource pool = new HikariDataSource(hikari);
    boolean migrated;
    try {
      migrated = migrate(pool, Migrations.bundled(config.usesPostgres()));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    if (config.dbUrl() == null) {
      // H2 creates its files with the process's umask (often rw-r--r--): they hold password hashes.
      DataFolder.tightenFiles(config.dataDir());
    }
    return new Database(pool, config.usesPostgres(), migrated, config);
  }

  /**
   * Brings the schema to {@code migrations} with Flyway; false, without loading Flyway, when the
   * database already has exactly them (see {@link Migrations#appliedTo}).
   */
  static boolean migrate(DataSource pool, Migrations migrations) {
    if (migrations.appliedTo(pool)) {
      return false;
    }
    Flyway.configure().dataSource(pool).locations(migrations.flywayLocations()).load().migrate();
    return true;
  }

  /**
   * Whether opening ran Flyway (a new database, or one with a pending migration), or found the
   * schema current.
   */
  public boolean migrated() {
    return migrated;
  }

  /**
   * H2's page cache: the embedded server's is small (one user's apps and tokens, in the desktop's
   * process: with H2's default it held 7.6 MB of pages after listing 10,000 apps); a standalone
   * server keeps H2's default, 16 MB. Both are named in the URL because H2 stores the setting in
   * the database, and the desktop and a standalone server may open the same data folder in turn.
   */
  static final int EMBEDDED_H2_CACHE_KB = 2048;

  static final int SERVER_H2_CACHE_KB = 16384;

  /**
   * Statements each H2 session keeps parsed (H2's default is 8): a request runs more distinct
   * statements than that across a pool's sessions (an exchange alone: client, code, token, limit,
   * account, app), and parsing them again took a third of an exchange's CPU.
   */
  static final int H2_QUERY_CACHE = 64;

  /**
   * H2's WRITE_DELAY, which here sets only how often H2's background writer does its housekeeping
   * (a tenth of it): durability comes from {@link Jdbc}, which checkpoints and syncs every write
   * before it returns, so neither kill -9 nor a power cut loses anything acknowledged. The writer
   * stays on (WRITE_DELAY=0 stops it, and with it the rewriting of sparse chunks so their space is
   * reused; it also made H2 store each commit on the committing thread, which measured slower). At
   * H2's default of 500 ms it woke every 50 ms, also in an idle desktop, and each time summed the
   * fill rate of every chunk kept (thousands under a burst of code exchanges) and rewrote some: 5%
   * of the server's CPU in the exchange's profile.
   */
  static final int H2_WRITE_DELAY_MS = 2000;

  static String h2Url(Path dataDir, boolean embedded) {
    DataFolder.create(dataDir);
    return "jdbc:h2:file:"
        + dataDir.resolve("keyport").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY="
        + H2_WRITE_DELAY_MS
        + ";QUERY_CACHE_SIZE="
        + H2_QUERY_CACHE
        + ";CACHE_SIZE="
        + (embedded ? EMBEDDED_H2_CACHE_KB : SERVER_H2_CACHE_KB);
  }

  /** Closes {@code user} (e.g. a listener holding a connection) before the pool closes. */
  public void closing(AutoCloseable user) {
    beforeClose.add(user);
  }

  /**
   * JDBC over the pool; {@code afterWrite} as in {@link Jdbc}. A write is on disk when it returns.
   */
  public Jdbc jdbc(Consumer<WriteNotices.Scope> afterWrite) {
    return new Jdbc(pool, afterWrite, postgres);
  }

  public Jdbc jdbc() {
    return jdbc(scope -> {});
  }

  /**
   * How this instance hears of other instances' writes: on PostgreSQL through LISTEN/NOTIFY on a
   * connection of its own, outside the pool; on H2 there are none.
   */
  public WriteNotices writeNotices() {
    return postgres ? new PostgresWriteNotices(pool, this::listenerConnection) : WriteNotices.NONE;
  }

  private Connection listenerConnection() throws SQLException {
    Properties p = new Properties();
    if (config.dbUser() != null) {
      p.setProperty("user", config.dbUser());
    }
    if (config.dbPassword() != null) {
      p.setProperty("password", config.dbPassword().reveal());
    }
    String seconds = Integer.toString(timeoutSeconds(config.dbTimeout()));
    p.setProperty("connectTimeout", seconds);
    p.setProperty("loginTimeout", seconds);
    p.setProperty("socketTimeout", Integer.toString(PostgresWriteNotices.SOCKET_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", PostgresWriteNotices.APPLICATION_NAME);
    return DriverManager.getConnection(config.dbUrl(), p);
  }

  /** Whether the database answers now, within the database timeout. */
  public boolean answers() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(timeoutSeconds(config.dbTimeout()));
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * True when {@code failure} (or a cause of it) says the database cannot be reached or cannot
   * serve now: no connection within the timeout, a connection lost or timed out, the server
   * shutting down, starting or out of connections. Anything else is a bug, not an outage.
   */
  public static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08")
              || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** PostgreSQL's driver counts its timeouts in whole seconds: at least one. */
  static int timeoutSeconds(Duration timeout) {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  public DataSource dataSource() {
    return pool;
  }

  public boolean isPostgres() {
    return postgres;
  }

  @Override
  public void close() {
    for (AutoCloseable c : beforeClose) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    pool.close();
  }
}
