package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.ServerConfig;
import io.keyport.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded database keeps what it acknowledged through a kill -9: a separate process commits
 * rows one by one through {@link Database#jdbc} (the server's own JDBC URL and write path) and
 * prints each id once its write returned; it is killed mid-stream, and every printed id is there
 * when the database is opened again. (Without the checkpoint after each write the same test loses
 * the last commits: H2 writes them to the file from a background thread, up to 500 ms later.)
 */
class H2DurabilityTest {

  /**
   * The writer process: commits rows forever, printing "acked <name>" after each commit returned.
   */
  public static void main(String[] args) throws Exception {
    try (Database db = Database.open(ServerConfig.embedded(Path.of(args[0]), 0))) {
      Jdbc jdbc = db.jdbc();
      // a table of its own, so the test does not depend on the schema's columns
      jdbc.update("create table if not exists durability_probe (name varchar(20) primary key)");
      for (int i = 0; ; i++) {
        jdbc.update("insert into durability_probe (name) values (?)", "u" + i);
        System.out.println("acked u" + i);
      }
    }
  }

  @Test
  void everyCommitThatReturnedSurvivesKillDashNine() throws Exception {
    Path data = TestServers.newDataDir();
    Process writer =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-cp",
                    System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")),
                    H2DurabilityTest.class.getName(),
                    data.toString()))
            .redirectErrorStream(true)
            .start();
    Set<String> acked = new HashSet<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acked.add(line.substring(6));
          if (acked.size() == 500) {
            writer.toHandle().destroyForcibly(); // kill -9 mid-stream; keep reading what it printed
          }
        }
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(500);

    Set<String> stored = new HashSet<>();
    try (Database db = Database.open(ServerConfig.embedded(data, 0));
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select name from durability_probe")) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    }
    assertThat(stored)
        .as("acknowledged %d, stored %d at %s", acked.size(), stored.size(), Instant.now())
        .containsAll(acked);
  }
}
