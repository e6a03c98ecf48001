package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.testing.TestServers;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Token inserts committed in groups: every caller gets the id of its own row, committed before it
 * returns, however the rows were grouped; a row that cannot be inserted fails its caller alone.
 */
class GroupInsertTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    Database database;
    TokenStore tokens;
    final ExecutorService threads = Executors.newFixedThreadPool(64);

    abstract TestServers db();

    @BeforeAll
    void open() {
      database = Database.open(db().config());
      tokens = new TokenStore(database.jdbc());
    }

    @AfterAll
    void close() {
      threads.shutdownNow();
      database.close();
    }

    long insert(String hash) {
      return insert(hash, null).orElseThrow();
    }

    OptionalLong insert(String hash, Long appId) {
      return tokens.insert(
          hash,
          "user",
          null,
          appId,
          "client-" + hash.substring(0, 8),
          List.of(),
          "abcd",
          Instant.parse("2026-11-29T09:00:00Z"),
          null,
          null);
    }

    static String hash(String prefix, int i) {
      return String.format("%s%058d", prefix, i);
    }

    @Test
    void concurrentInsertsEachGetTheIdOfTheirOwnCommittedRow() throws Exception {
      int callers = 400;
      CountDownLatch start = new CountDownLatch(1);
      Map<String, Future<Long>> ids = new ConcurrentHashMap<>();
      for (int i = 0; i < callers; i++) {
        String hash = hash("concur", i);
        ids.put(
            hash,
            threads.submit(
                () -> {
                  start.await();
                  return insert(hash);
                }));
      }
      start.countDown();
      List<Long> seen = new ArrayList<>();
      for (Map.Entry<String, Future<Long>> e : ids.entrySet()) {
        long id = e.getValue().get(60, TimeUnit.SECONDS);
        seen.add(id);
        // read through another connection: the row is committed, and it is this caller's row
        assertThat(tokens.byId(id))
            .hasValueSatisfying(
                row ->
                    assertThat(row.clientId()).isEqualTo("client-" + e.getKey().substring(0, 8)));
        assertThat(tokens.byHash(e.getKey(), e.getKey()).map(TokenStore.TokenRow::id)).contains(id);
      }
      assertThat(seen).doesNotHaveDuplicates().hasSize(callers);
    }

    @Test
    void aRowThatCannotBeInsertedFailsOnlyItsOwnCaller() throws Exception {
      String taken = hash("taken0", 0);
      insert(taken);
      int callers = 100;
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> fine = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String hash = hash("fine00", i);
        fine.add(
            threads.submit(
                () -> {
                  start.await();
                  return insert(hash);
                }));
      }
      Future<Long> duplicate =
          threads.submit(
              () -> {
                start.await();
                return insert(taken);
              });
      start.countDown();
      for (Future<Long> f : fine) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
      }
      assertThatThrownBy(() -> duplicate.get(60, TimeUnit.SECONDS))
          .hasCauseInstanceOf(Jdbc.StoreException.class)
          .cause()
          .matches(e -> ((Jdbc.StoreException) e).isUniqueViolation(), "a unique violation");
    }

    @Test
    void aRowNamingAnAppThatIsGoneIsRefusedAlone() throws Exception {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<OptionalLong>> fine = new ArrayList<>();
      List<Future<OptionalLong>> orphans = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String hash = hash("appok0", i);
        String orphan = hash("orphan", i);
        fine.add(
            threads.submit(
                () -> {
                  start.await();
                  return insert(hash, null);
                }));
        orphans.add(
            threads.submit(
                () -> {
                  start.await();
                  return insert(orphan, 424_242L);
                }));
      }
      start.countDown();
      for (Future<OptionalLong> f : fine) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isPresent();
      }
      for (Future<OptionalLong> f : orphans) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEmpty();
      }
      assertThat(tokens.byHash(hash("orphan", 0), hash("orphan", 0))).isEmpty();
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    TestServers db() {
      return TestServers.H2;
    }
  }

  /**
   * On PostgreSQL a table lock holds the first group back, so the callers that arrive meanwhile,
   * the duplicate among them, are certain to share the next group: the row-by-row retry is what
   * lets the others through.
   */
  @Nested
  class OnPostgres extends Contract {
    @Override
    TestServers db() {
      return TestServers.POSTGRES;
    }

    @Test
    void aFailedGroupIsRetriedRowByRow() throws Exception {
      String taken = hash("taken1", 0);
      insert(taken);
      List<Future<Long>> fine = new ArrayList<>();
      Future<Long> duplicate;
      try (Connection blocker = database.dataSource().getConnection();
          Statement s = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        s.execute("lock table tokens in exclusive mode");
        Future<Long> first = threads.submit(() -> insert(hash("first0", 0)));
        awaitWaitingInserts(1);
        for (int i = 0; i < 20; i++) {
          String hash = hash("group0", i);
          fine.add(threads.submit(() -> insert(hash)));
        }
        duplicate = threads.submit(() -> insert(taken));
        fine.add(first);
        awaitQueuedCallers(21);
        blocker.rollback();
      }
      for (Future<Long> f : fine) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
      }
      assertThatThrownBy(() -> duplicate.get(60, TimeUnit.SECONDS))
          .cause()
          .matches(
              e -> e instanceof Jdbc.StoreException se && se.isUniqueViolation(),
              "a unique violation");
    }

    /** Seen from a connection of its own: pg_stat_activity is read once per transaction. */
    private void awaitWaitingInserts(int n) throws Exception {
      awaitCondition(
          () -> {
            try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                var rs =
                    s.executeQuery(
                        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                            + " and query like 'insert into tokens%'")) {
              rs.next();
              return rs.getInt(1) >= n;
            }
          });
    }

    /** The callers parked on the group's lock, waiting for the blocked group to finish. */
    private void awaitQueuedCallers(int n) throws Exception {
      awaitCondition(
          () ->
              Thread.getAllStackTraces().entrySet().stream()
                      .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                      .filter(
                          e ->
                              List.of(e.getValue()).stream()
                                  .anyMatch(
                                      f -> f.getClassName().equals(GroupInsert.class.getName())))
                      .count()
                  >= n);
    }
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  static void awaitCondition(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
