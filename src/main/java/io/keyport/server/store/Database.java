package io.keyport.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.keyport.server.DataFolder;
import io.keyport.server.ServerConfig;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool, migrated to the current schema on open (by Flyway, unless the schema already is
 * current): H2 in the data folder, or PostgreSQL.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource pool;
  private final boolean postgres;
  private final boolean migrated;
  private final java.util.List<AutoCloseable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Database(HikariDataSource pool, boolean postgres, boolean migrated) {
    this.pool = pool;
    this.postgres = postgres;
    this.migrated = migrated;
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
      hikari.setMaximumPoolSize(16);
    } else {
      hikari.setJdbcUrl(h2Url(config.dataDir(), config.embedded()));
      hikari.setUsername("keyport");
      hikari.setPassword("");
      hikari.setMaximumPoolSize(8);
    }
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
    return new Database(pool, config.usesPostgres(), migrated);
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

  /** Whether opening ran Flyway (a new database, or one with a pending migration), or found the schema current. */
  public boolean migrated() {
    return migrated;
  }

  /**
   * H2's page cache: the embedded server's is small (one user's apps and tokens, in the desktop's
   * process: with H2's default it held 7.6 MB of pages after listing 10,000 apps); a standalone
   * server keeps H2's default, 16 MB. Both are named in the URL because H2 stores the setting in the
   * database, and the desktop and a standalone server may open the same data folder in turn.
   */
  static final int EMBEDDED_H2_CACHE_KB = 2048;
  static final int SERVER_H2_CACHE_KB = 16384;

  static String h2Url(Path dataDir, boolean embedded) {
    DataFolder.create(dataDir);
    // H2's background writer (WRITE_DELAY, 500 ms by default) stays on: it does H2's housekeeping
    // (rewriting sparse chunks so their space is reused), which WRITE_DELAY=0 turns off. Durability comes from Jdbc instead: every write is
    // checkpointed and synced before it returns, so neither kill -9 nor a power cut loses anything
    // acknowledged.
    return "jdbc:h2:file:" + dataDir.resolve("keyport").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE="
        + (embedded ? EMBEDDED_H2_CACHE_KB : SERVER_H2_CACHE_KB);
  }

  /** Closes {@code user} (e.g. a listener holding a connection) before the pool closes. */
  public void closing(AutoCloseable user) {
    beforeClose.add(user);
  }

  /** JDBC over the pool; {@code afterWrite} as in {@link Jdbc}. A write is on disk when it returns. */
  public Jdbc jdbc(Runnable afterWrite) {
    return new Jdbc(pool, afterWrite, postgres);
  }

  public Jdbc jdbc() {
    return jdbc(() -> {});
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
