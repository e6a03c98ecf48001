package io.keyport.testing;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Real servers for tests, on a random loopback port: on H2 in a fresh temporary folder, or on a
 * fresh database of one embedded PostgreSQL shared by the whole test JVM.
 */
public enum TestServers {
  H2,
  POSTGRES;

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  /** A started server with App.net's default limits; close it when the test class ends. */
  public KeyportServer start() {
    return start(UnaryOperator.identity());
  }

  /** A started server whose config {@code tweak} may change (signup, limits…). */
  public KeyportServer start(UnaryOperator<ServerConfig> tweak) {
    return KeyportServer.start(tweak.apply(config()));
  }

  /**
   * The config {@link #start} would use: port 0, a fresh data folder, and for POSTGRES a fresh
   * database.
   */
  public ServerConfig config() {
    ServerConfig base = ServerConfig.embedded(newDataDir(), 0);
    if (this == H2) {
      return base;
    }
    String name =
        "keyport_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    EmbeddedPostgres pg = postgres();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database", e);
    }
    return base.withDatabase(pg.getJdbcUrl("postgres", name), "postgres", null);
  }

  /** The shared embedded PostgreSQL, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting
                    }
                  }));
    }
    return postgres;
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("keyport-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
