package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A first start asks whether Flyway's history table exists without selecting from it: a failed
 * select is an error the database writes down (H2 into {@code keyport.trace.db} next to the data,
 * PostgreSQL into its server log). On H2 and PostgreSQL.
 */
class FirstStartProbeTest {

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aNewDatabaseIsProbedWithoutAFailingStatement(TestServers db) throws Exception {
    ServerConfig config = db.config();
    List<String> failed = new CopyOnWriteArrayList<>();
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(
          config.dbUrl() != null ? config.dbUrl() : Database.h2Url(config.dataDir(), true));
      pool.setUsername(config.dbUrl() != null ? config.dbUser() : "keyport");
      pool.setPassword("");
      DataSource watched = failuresInto(pool, failed);
      assertThat(Migrations.bundled(config.usesPostgres()).appliedTo(watched)).isFalse();
      assertThat(failed).as("statements that failed").isEmpty();
      // and once migrated, the probe still finds the history and reads it
      assertThat(Database.migrate(pool, Migrations.bundled(config.usesPostgres()))).isTrue();
      assertThat(Migrations.bundled(config.usesPostgres()).appliedTo(watched)).isTrue();
      assertThat(failed).isEmpty();
    }
  }

  @Test
  void theEmbeddedServersFirstStartLeavesNoErrorInH2sTraceFile() throws Exception {
    Path dir = TestServers.newDataDir();
    KeyportServer.startEmbedded(ServerConfig.embedded(dir, 0)).close();
    Path trace = dir.resolve("keyport.trace.db");
    String written = Files.exists(trace) ? Files.readString(trace, StandardCharsets.UTF_8) : "";
    assertThat(written)
        .doesNotContain("flyway_schema_history")
        .doesNotContainIgnoringCase("exception");
  }

  /** {@code pool} with every statement that fails written down in {@code failed}. */
  static DataSource failuresInto(DataSource pool, List<String> failed) {
    return proxy(
        DataSource.class,
        pool,
        (target, method, args) -> {
          Object result = method.invoke(target, args);
          if (result instanceof Connection c) {
            return proxy(
                Connection.class,
                c,
                (conn, m, a) -> {
                  Object made = m.invoke(conn, a);
                  if (made instanceof Statement s) {
                    return proxy(
                        statementType(m.getReturnType()),
                        s,
                        (stmt, sm, sa) -> {
                          try {
                            return sm.invoke(stmt, sa);
                          } catch (InvocationTargetException e) {
                            if (e.getCause() instanceof SQLException sql) {
                              failed.add(sm.getName() + ": " + sql.getMessage());
                            }
                            throw e;
                          }
                        });
                  }
                  return made;
                });
          }
          return result;
        });
  }

  @SuppressWarnings("unchecked")
  private static Class<Statement> statementType(Class<?> returned) {
    return (Class<Statement>) returned;
  }

  interface Call<T> {
    Object call(T target, Method method, Object[] args) throws Throwable;
  }

  @SuppressWarnings("unchecked")
  static <T> T proxy(Class<T> type, T target, Call<T> call) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, method, args) -> {
              try {
                return call.call(target, method, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
