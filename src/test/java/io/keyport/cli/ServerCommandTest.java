package io.keyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.Keyport;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code keyport server}: every option of API.md "Running it", and PostgreSQL through --db-url. */
class ServerCommandTest {

  static final List<String> OPTIONS =
      List.of(
          "--bind",
          "--port",
          "--data",
          "--db-url",
          "--db-user",
          "--db-password-file",
          "--signup",
          "--public-url",
          "--read-limit",
          "--write-limit",
          "--anon-limit");

  @Test
  void theHelpListsEveryOptionOfRunningIt() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Keyport());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("server", "--help")).isZero();
    assertThat(out.toString()).contains(OPTIONS);
  }

  @Test
  void theDefaultsAreTheContracts() throws Exception {
    ServerCommand command = CommandLine.populateCommand(new ServerCommand(), "--data", "/tmp/x");
    ServerConfig config = command.config();
    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8470);
    assertThat(config.dbUrl()).isNull();
    assertThat(config.signup()).isFalse();
    assertThat(config.readLimit()).isEqualTo(5000);
    assertThat(config.writeLimit()).isEqualTo(20);
    assertThat(config.anonLimit()).isEqualTo(50);
  }

  @Test
  void runsOnPostgresWithTheSameMigrationsFromDbUrlUserAndPasswordFile() throws Exception {
    ServerConfig pg = TestServers.POSTGRES.config(); // a fresh database on the embedded PostgreSQL
    Path dir = TestServers.newDataDir();
    Path passwordFile = dir.resolve("db-password");
    Files.writeString(passwordFile, "s3cret-db-password\n");
    ServerCommand command =
        CommandLine.populateCommand(
            new ServerCommand(),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            dir.toString(),
            "--db-url",
            pg.dbUrl(),
            "--db-user",
            "postgres",
            "--db-password-file",
            passwordFile.toString(),
            "--signup",
            "--public-url",
            "https://keys.example.com",
            "--read-limit",
            "7",
            "--write-limit",
            "3",
            "--anon-limit",
            "2");
    ServerConfig config = command.config();
    assertThat(config.usesPostgres()).isTrue();
    assertThat(config.dbUser()).isEqualTo("postgres");
    assertThat(config.dbPassword().reveal()).isEqualTo("s3cret-db-password");
    assertThat(config.dbPassword().toString()).doesNotContain("s3cret");
    assertThat(config.signup()).isTrue();
    assertThat(config.publicUrl()).isEqualTo("https://keys.example.com");
    assertThat(List.of(config.readLimit(), config.writeLimit(), config.anonLimit()))
        .containsExactly(7L, 3L, 2L);

    try (KeyportServer server = KeyportServer.start(config)) {
      Http http = Http.to(server.baseUrl());
      assertThat(http.get("/health").status()).isEqualTo(200);
      Http.Response scopes = http.get("/stream/0/scopes");
      assertThat(scopes.status()).isEqualTo(200);
      assertThat(scopes.header("X-RateLimit-Limit")).isEqualTo("2");
      assertThat(http.get("/stream/0/scopes").status()).isEqualTo(200);
      assertThat(http.get("/stream/0/scopes").status()).isEqualTo(429);
    }
    List<String> migrations = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(pg.dbUrl(), "postgres", "");
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "select script from flyway_schema_history where success order by installed_rank")) {
        while (rs.next()) {
          migrations.add(rs.getString(1));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "select table_name from information_schema.tables where table_schema = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
    }
    assertThat(migrations).contains("V1__accounts_apps_tokens.sql", "R__rate_buckets.sql");
    assertThat(tables).contains("accounts", "apps", "tokens", "rate_buckets");
  }
}
