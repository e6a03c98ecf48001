package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import java.io.File;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Opening a database runs Flyway only when there is something for it to do: a new database, or one
 * with a pending migration; a current schema opens without it. On H2 and PostgreSQL.
 */
class MigrationsTest {

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aNewDatabaseIsMigratedAndOpeningItAgainSkipsFlyway(TestServers db) throws Exception {
    ServerConfig config = db.config();
    try (Database first = Database.open(config)) {
      assertThat(first.migrated()).isTrue();
      assertThat(count(first.dataSource(), "accounts")).isZero();
    }
    try (Database again = Database.open(config)) {
      assertThat(again.migrated()).isFalse();
      assertThat(count(again.dataSource(), "accounts")).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aPendingMigrationStillRunsThenIsCurrent(TestServers db) throws Exception {
    ServerConfig config = db.config();
    Map<String, List<String>> upgraded = new LinkedHashMap<>(bundled(db));
    upgraded.put("db/test-pending", List.of("V999__pending_test.sql"));
    try (Database atV1 = Database.open(config)) {
      DataSource pool = atV1.dataSource();
      assertThatThrownBy(() -> count(pool, "pending_test")).isInstanceOf(SQLException.class);

      assertThat(Database.migrate(pool, Migrations.of(upgraded))).isTrue();
      assertThat(count(pool, "pending_test")).isZero();
      assertThat(Database.migrate(pool, Migrations.of(upgraded))).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aScriptThatNoLongerMatchesItsChecksumIsLeftToFlywaysValidation(TestServers db)
      throws Exception {
    ServerConfig config = db.config();
    try (Database database = Database.open(config)) {
      changeHistoryOfV1(database, "\"checksum\" = \"checksum\" + 1");
    }
    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(FlywayValidateException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aFailedMigrationIsLeftToFlyway(TestServers db) throws Exception {
    try (Database database = Database.open(db.config())) {
      changeHistoryOfV1(database, "\"success\" = false");
      assertThat(Migrations.bundled(db == TestServers.POSTGRES).appliedTo(database.dataSource()))
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void theChecksumsAreTheOnesFlywayComputes(TestServers db) throws Exception {
    Migrations migrations = Migrations.bundled(db == TestServers.POSTGRES);
    try (Database database = Database.open(db.config())) {
      Map<String, Integer> flyways =
          Arrays.stream(
                  Flyway.configure()
                      .dataSource(database.dataSource())
                      .locations(migrations.flywayLocations())
                      .load()
                      .info()
                      .all())
              .filter(i -> i.getScript() != null && i.getChecksum() != null)
              .collect(
                  Collectors.toMap(
                      MigrationInfo::getScript, MigrationInfo::getChecksum, (a, b) -> b));
      assertThat(migrations.scripts())
          .isNotEmpty()
          .allSatisfy(
              script ->
                  assertThat(script.checksum())
                      .as(script.script())
                      .isEqualTo(flyways.get(script.script())));
    }
  }

  @Test
  void theListsNameEveryScriptInTheirFolders() {
    Map<String, List<String>> all = new LinkedHashMap<>(Migrations.COMMON);
    all.putAll(Migrations.POSTGRES_ONLY);
    all.forEach(
        (location, names) -> {
          URL folder =
              Objects.requireNonNull(
                  Database.class.getClassLoader().getResource(location), location);
          String[] files = new File(folder.getPath()).list();
          assertThat(files)
              .as("the scripts in " + location + " (add a new one to Migrations)")
              .containsExactlyInAnyOrderElementsOf(names);
        });
  }

  private static Map<String, List<String>> bundled(TestServers db) {
    Map<String, List<String>> all = new LinkedHashMap<>(Migrations.COMMON);
    if (db == TestServers.POSTGRES) {
      all.putAll(Migrations.POSTGRES_ONLY);
    }
    return all;
  }

  /**
   * Edits Flyway's own record of migration 1, as a hand-edited or half-failed database would have
   * it.
   */
  private static void changeHistoryOfV1(Database database, String assignment) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "update \"flyway_schema_history\" set " + assignment + " where \"version\" = '1'");
    }
  }

  private static long count(DataSource pool, String table) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
