package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Migration V4 on a database that already has apps and app tokens (made at V2): each app's secret
 * moves to {@code client_secrets} (made when the app was, or at its last rotation), and its app
 * tokens are bound to it and get the 24-hour lifetime; user tokens are left alone. On H2 and
 * PostgreSQL.
 */
class ClientSecretsMigrationTest {
  private static final Instant CREATED = Instant.parse("2026-11-01T09:00:00Z");
  private static final Instant ROTATED = Instant.parse("2026-11-20T12:30:00Z");

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void existingSecretsAndAppTokensMoveOver(TestServers db) throws Exception {
    ServerConfig config = db.config();
    String url =
        config.dbUrl() != null
            ? config.dbUrl()
            : Database.h2Url(config.dataDir(), config.embedded());
    String user = config.dbUrl() != null ? config.dbUser() : "keyport";
    Flyway.configure()
        .dataSource(url, user, "")
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      update(c, "insert into accounts (id, username, created_at) values (1, 'alice', ?)", CREATED);
      update(
          c,
          "insert into apps (id, owner_id, client_id, name, name_key, website, secret_mac, secret_box,"
              + " created_at, updated_at, version) values (10, 1, 'c1', 'Rotated', 'rotated', 'https://x.example',"
              + " 'mac-10', 'box-10', ?, ?, 1)",
          CREATED,
          CREATED);
      update(
          c,
          "insert into apps (id, owner_id, client_id, name, name_key, website, secret_mac, secret_box,"
              + " created_at, updated_at, version) values (11, 1, 'c2', 'Fresh', 'fresh', 'https://x.example',"
              + " 'mac-11', 'box-11', ?, ?, 1)",
          CREATED,
          CREATED);
      update(
          c,
          "insert into audit (account_id, app_id, client_id, action, address, at)"
              + " values (1, 10, 'c1', 'secret.rotate', '127.0.0.1', ?)",
          ROTATED);
      update(
          c,
          "insert into tokens (id, token_hash, kind, account_id, app_id, client_id, scopes, last4, created_at)"
              + " values (100, 'h100', 'app', null, 10, 'c1', '', 'aaaa', ?)",
          ROTATED);
      update(
          c,
          "insert into tokens (id, token_hash, kind, account_id, app_id, client_id, scopes, last4, created_at)"
              + " values (101, 'h101', 'user', 1, 10, 'c1', 'basic', 'bbbb', ?)",
          ROTATED);
    }

    Instant before = Instant.now().minusSeconds(5);
    try (Database database = Database.open(config);
        Connection c = database.dataSource().getConnection()) {
      assertThat(database.migrated()).isTrue();
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "select id, app_id, secret_mac, secret_box, last4, created_at, expires_at"
                      + " from client_secrets order by app_id")) {
        assertThat(r.next()).isTrue();
        long secret10 = r.getLong("id");
        assertThat(r.getLong("app_id")).isEqualTo(10);
        assertThat(r.getString("secret_mac")).isEqualTo("mac-10");
        assertThat(r.getString("secret_box")).isEqualTo("box-10");
        assertThat(r.getString("last4")).isNull();
        assertThat(r.getTimestamp("created_at").toInstant()).isEqualTo(ROTATED);
        assertThat(r.getTimestamp("expires_at")).isNull();
        assertThat(r.next()).isTrue();
        assertThat(r.getLong("app_id")).isEqualTo(11);
        assertThat(r.getString("secret_mac")).isEqualTo("mac-11");
        assertThat(r.getTimestamp("created_at").toInstant()).isEqualTo(CREATED);
        assertThat(r.next()).isFalse();

        try (ResultSet t =
            s.executeQuery(
                "select id, secret_id, expires_at, last_used_at from tokens order by id")) {
          assertThat(t.next()).isTrue();
          assertThat(t.getLong("secret_id")).isEqualTo(secret10);
          Instant expires = t.getTimestamp("expires_at").toInstant();
          assertThat(expires)
              .isBetween(
                  before.plus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(24)));
          assertThat(t.getTimestamp("last_used_at")).isNull();
          assertThat(t.next()).isTrue();
          t.getLong("secret_id");
          assertThat(t.wasNull()).isTrue();
          assertThat(t.getTimestamp("expires_at")).isNull();
        }
      }
      assertThatThrownBy(
              () -> {
                try (Statement s = c.createStatement()) {
                  s.executeQuery("select secret_mac from apps");
                }
              })
          .isInstanceOf(SQLException.class);
    }
  }

  private static void update(Connection c, String sql, Instant... times) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < times.length; i++) {
        ps.setTimestamp(i + 1, Timestamp.from(times[i]));
      }
      ps.executeUpdate();
    }
  }
}
