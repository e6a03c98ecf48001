package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.ServerConfig;
import io.keyport.server.store.CodeStore.CodeRow;
import io.keyport.server.store.CodeStore.NewToken;
import io.keyport.server.store.CodeStore.Redeemed;
import io.keyport.testing.ChildJava;
import io.keyport.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The embedded database keeps what it acknowledged through a kill -9: a separate process commits
 * rows one by one through {@link Database#jdbc} (the server's own JDBC URL and write path) and
 * prints each id once its write returned; it is killed mid-stream, and every printed id is there
 * when the database is opened again. (Without the checkpoint after each write the same test loses
 * the last commits: H2 writes them to the file from a background thread, up to 500 ms later.) The
 * same holds for codes redeemed at once from many threads, committed a group at a time: a change to
 * where a group's write is synced (one was tried, syncing after the commit lock is handed on) must
 * keep it.
 */
class H2DurabilityTest {

  /**
   * The writer process: commits rows forever, printing "acked <name>" after each commit returned;
   * with a second argument {@code redeem}, redeems codes from 16 threads at once and prints "acked
   * <token id>" after each redemption returned.
   */
  public static void main(String[] args) throws Exception {
    try (Database db = Database.open(ServerConfig.embedded(Path.of(args[0]), 0))) {
      Jdbc jdbc = db.jdbc();
      if (args.length > 1 && args[1].equals("redeem")) {
        redeemForever(jdbc);
        return;
      }
      // a table of its own, so the test does not depend on the schema's columns
      jdbc.update("create table if not exists durability_probe (name varchar(20) primary key)");
      for (int i = 0; ; i++) {
        jdbc.update("insert into durability_probe (name) values (?)", "u" + i);
        System.out.println("acked u" + i);
      }
    }
  }

  private static void redeemForever(Jdbc jdbc) throws Exception {
    Instant now = Instant.now();
    long account = new AccountStore(jdbc).create("durable", null, "x", now).id();
    CodeStore codes = new CodeStore(jdbc);
    ExecutorService threads = Executors.newFixedThreadPool(16);
    for (int round = 0; ; round++) {
      List<Future<Redeemed>> redeemed = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String hash = round + "-" + i;
        codes.insert(
            hash,
            new CodeRow(
                account,
                null,
                "durability",
                "http://localhost/cb",
                List.of("basic"),
                "challenge",
                now,
                now.plus(Duration.ofHours(1))));
        redeemed.add(
            threads.submit(
                () ->
                    codes.redeem(
                        hash,
                        Instant.now(),
                        row -> null,
                        new NewToken(UUID.randomUUID().toString(), "abcd"),
                        10)));
      }
      for (Future<Redeemed> f : redeemed) {
        System.out.println("acked " + ((Redeemed.Issued) f.get()).tokenId());
      }
    }
  }

  @Test
  void everyCommitThatReturnedSurvivesKillDashNine() throws Exception {
    Path data = TestServers.newDataDir();
    Set<String> acked = ackedUntilKilled(data);
    assertThat(stored(data, "select name from durability_probe"))
        .as("acknowledged %d at %s", acked.size(), Instant.now())
        .containsAll(acked);
  }

  @Test
  void everyRedemptionThatReturnedSurvivesKillDashNine() throws Exception {
    Path data = TestServers.newDataDir();
    Set<String> acked = ackedUntilKilled(data, "redeem");
    assertThat(stored(data, "select id from tokens"))
        .as("acknowledged %d at %s", acked.size(), Instant.now())
        .containsAll(acked);
  }

  /** Runs the writer until it acknowledged 500 writes, kills it, and returns what it printed. */
  private static Set<String> ackedUntilKilled(Path data, String... mode) throws Exception {
    List<String> writerArgs = new ArrayList<>(List.of(data.toString()));
    writerArgs.addAll(List.of(mode));
    List<String> command =
        ChildJava.command(List.of("-Xmx128m"), H2DurabilityTest.class.getName(), writerArgs);
    Process writer = new ProcessBuilder(command).redirectErrorStream(true).start();
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
    return acked;
  }

  /** The first column of every row {@code sql} selects, in the database as it was left. */
  private static Set<String> stored(Path data, String sql) throws Exception {
    Set<String> stored = new HashSet<>();
    try (Database db = Database.open(ServerConfig.embedded(data, 0));
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        stored.add(rs.getString(1));
      }
    }
    return stored;
  }
}
