package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.store.CodeStore.CodeRow;
import io.keyport.server.store.CodeStore.NewToken;
import io.keyport.server.store.CodeStore.Redeemed;
import io.keyport.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Redemptions made at once through two stores on one database (as two server instances have): the
 * limit of live web tokens per user and client holds exactly, whatever the groups were: the newest
 * ones stay live, among them tokens of the same group as others it issued revoked.
 */
class CodeStoreTest {
  static final int MAX_LIVE = 10;

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    Database database;
    List<CodeStore> instances;
    final ExecutorService threads = Executors.newFixedThreadPool(48);

    abstract TestServers db();

    @BeforeAll
    void open() {
      database = Database.open(db().config());
      instances = List.of(new CodeStore(database.jdbc()), new CodeStore(database.jdbc()));
    }

    @AfterAll
    void close() {
      threads.shutdownNow();
      database.close();
    }

    @Test
    void redemptionsAtOnceOnTwoInstancesKeepTheLimitExactly() throws Exception {
      Instant now = Instant.now();
      long account = newAccount(now);
      String client = UUID.randomUUID().toString().replace("-", "");
      for (int round = 0; round < 5; round++) {
        List<String> codes = newCodes(24, account, client, now);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Redeemed>> outcomes = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
          CodeStore at = instances.get(i % 2);
          String hash = codes.get(i);
          outcomes.add(
              threads.submit(
                  () -> {
                    go.await();
                    return redeemWithNewToken(at, hash);
                  }));
        }
        go.countDown();
        for (Future<Redeemed> f : outcomes) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isInstanceOf(Redeemed.Issued.class);
        }
        List<Long> newestFirst =
            database
                .jdbc()
                .list(
                    "select id from tokens where account_id = ? and client_id = ?"
                        + " and flow = 'web' order by id desc",
                    rs -> rs.getLong(1),
                    account,
                    client);
        assertThat(
                database
                    .jdbc()
                    .list(
                        "select id from tokens where account_id = ? and client_id = ?"
                            + " and flow = 'web' and revoked_at is null",
                        rs -> rs.getLong(1),
                        account,
                        client))
            .as("round %d: the newest %d are live, no other", round, MAX_LIVE)
            .containsExactlyInAnyOrderElementsOf(newestFirst.subList(0, MAX_LIVE));
      }
    }

    /**
     * A group of redemptions, some refused, written back row by row as each asked: every code used
     * at its own redemption's time, each issued token with its own hash, time and code, a refused
     * code with no token.
     */
    @Test
    void eachRedemptionOfAGroupIsStoredAsItsOwn() throws Exception {
      Instant base = Instant.parse("2026-12-02T10:00:00.123456Z");
      long account = newAccount(base);
      String client = UUID.randomUUID().toString().replace("-", "");
      List<String> codes = newCodes(40, account, client, base);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Redeemed>> outcomes = new ArrayList<>();
      for (int i = 0; i < codes.size(); i++) {
        int n = i;
        outcomes.add(
            threads.submit(
                () -> {
                  go.await();
                  return instances
                      .get(0)
                      .redeem(
                          codes.get(n),
                          base.plusNanos(1_000L * n),
                          row -> n % 3 == 0 ? "refused" : null,
                          new NewToken("hash-" + codes.get(n), "t" + (n % 1000)),
                          codes.size());
                }));
      }
      go.countDown();
      for (int i = 0; i < codes.size(); i++) {
        Redeemed outcome = outcomes.get(i).get(60, TimeUnit.SECONDS);
        Instant at = base.plusNanos(1_000L * i);
        List<Object[]> code =
            database
                .jdbc()
                .list(
                    "select used_at, token_id from auth_codes where code_hash = ?",
                    rs ->
                        new Object[] {
                          Jdbc.instant(rs, "used_at"), rs.getObject("token_id", Long.class)
                        },
                    codes.get(i));
        assertThat(code.get(0)[0]).as("code %d used at", i).isEqualTo(at);
        if (i % 3 == 0) {
          assertThat(outcome).isInstanceOf(Redeemed.Refused.class);
          assertThat(code.get(0)[1]).as("refused code %d has no token", i).isNull();
          continue;
        }
        long tokenId = ((Redeemed.Issued) outcome).tokenId();
        assertThat(code.get(0)[1]).as("code %d's token", i).isEqualTo(tokenId);
        List<List<String>> token =
            database
                .jdbc()
                .list(
                    "select token_hash, last4, account_id, client_id, scopes, created_at,"
                        + " revoked_at from tokens where id = ?",
                    rs ->
                        List.of(
                            rs.getString(1),
                            rs.getString(2),
                            String.valueOf(rs.getLong(3)),
                            rs.getString(4),
                            rs.getString(5),
                            String.valueOf(Jdbc.instant(rs, "created_at")),
                            String.valueOf(Jdbc.instant(rs, "revoked_at"))),
                    tokenId);
        assertThat(token.get(0))
            .as("token of code %d", i)
            .containsExactly(
                "hash-" + codes.get(i),
                "t" + i,
                String.valueOf(account),
                client,
                "basic",
                at.toString(),
                "null");
      }
    }

    List<String> newCodes(int count, long account, String client, Instant now) {
      List<String> codes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        codes.add(newCode(instances.get(0), account, client, now));
      }
      return codes;
    }

    long newAccount(Instant now) {
      return new AccountStore(database.jdbc())
          .create("cs" + UUID.randomUUID().toString().substring(0, 8), null, "x", now)
          .id();
    }
  }

  /** A fresh code of {@code account} and {@code client}, live for a minute from {@code now}. */
  static String newCode(CodeStore store, long account, String client, Instant now) {
    String hash = UUID.randomUUID().toString();
    store.insert(
        hash,
        new CodeRow(
            account,
            null,
            client,
            "http://localhost/cb",
            List.of("basic"),
            "challenge",
            now,
            now.plus(Duration.ofMinutes(1))));
    return hash;
  }

  /**
   * {@code hash} redeemed now with a new token of its own, under the limit of {@link #MAX_LIVE}.
   */
  static Redeemed redeemWithNewToken(CodeStore store, String hash) {
    return store.redeem(
        hash,
        Instant.now(),
        row -> null,
        new NewToken(UUID.randomUUID().toString(), "abcd"),
        MAX_LIVE);
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    TestServers db() {
      return TestServers.H2;
    }
  }

  @Nested
  class OnPostgres extends Contract {
    @Override
    TestServers db() {
      return TestServers.POSTGRES;
    }

    /**
     * Codes are minted and redeemed in bursts: planned by statistics from when the tables were
     * nearly empty, locking a group's codes read every code in the table (a group of 58 took about
     * 50 ms instead of under 1 ms once it held 24,000 codes) until autovacuum's next round. Each
     * table is analysed at its own pace: a burst of codes analyses {@code auth_codes} alone, and
     * {@code tokens}, holding every token ever issued, waits for tokens issued.
     */
    @Test
    void aBurstOfCodesHasTheTablesAnalysedWithoutWaitingForAutovacuum() throws Exception {
      long codesBefore = analyses("auth_codes");
      long tokensBefore = analyses("tokens");
      CodeStore store = new CodeStore(database.jdbc());
      long account = newAccount(Instant.now());
      List<String> codes = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        codes.add(newCode(store, account, "client", Instant.now()));
      }
      awaitAnalysis("auth_codes", codesBefore);
      assertThat(analyses("tokens")).as("tokens analysed for codes alone").isEqualTo(tokensBefore);
      for (String code : codes) {
        assertThat(redeemWithNewToken(store, code)).isInstanceOf(Redeemed.Issued.class);
      }
      awaitAnalysis("tokens", tokensBefore);
    }

    private void awaitAnalysis(String table, long analysesBefore) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && analyses(table) == analysesBefore) {
        Thread.onSpinWait();
      }
      assertThat(analyses(table)).as("%s analysed", table).isGreaterThan(analysesBefore);
    }

    /**
     * A code's redemption writes its row's new version beside the old one, on the same page (a
     * heap-only tuple: no new index entries), also once the codes filled many pages. At
     * PostgreSQL's default fill factor every full page's codes moved to another.
     */
    @Test
    void aRedeemedCodeStaysOnItsPage() throws Exception {
      CodeStore store = instances.get(0);
      Instant now = Instant.now();
      long account = newAccount(now);
      Map<String, String> pageBefore = new HashMap<>();
      for (int i = 0; i < 600; i++) {
        String hash = newCode(store, account, "client", now);
        pageBefore.put(hash, page(hash));
      }
      assertThat(new HashSet<>(pageBefore.values()))
          .as("pages the codes fill")
          .hasSizeGreaterThan(5);
      for (String hash : pageBefore.keySet()) {
        assertThat(redeemWithNewToken(store, hash)).isInstanceOf(Redeemed.Issued.class);
      }
      long moved =
          pageBefore.entrySet().stream()
              .filter(e -> !page(e.getKey()).equals(e.getValue()))
              .count();
      assertThat(moved).as("codes of %d moved to another page", pageBefore.size()).isZero();
    }

    /**
     * The limit of live web tokens reads the user's live ones only, whatever the statistics say. A
     * team server holds many live app tokens (client credentials, no user) and a user of a busy
     * client many revoked web tokens; planned by statistics of such a table, the limit's revoke
     * hash-joined the whole {@code tokens} table (132,000 rows read, 14 ms, on every group) to the
     * few ids it revokes.
     */
    @Test
    void theLimitReadsNoTableWholeWhenTokensAreMany() throws Exception {
      try (Database skewed = Database.open(db().config())) {
        CodeStore store = new CodeStore(skewed.jdbc());
        Instant now = Instant.now();
        long account = new AccountStore(skewed.jdbc()).create("skewed", null, "x", now).id();
        String insert =
            "insert into tokens (token_hash, kind, account_id, app_id, client_id, scopes, last4,"
                + " created_at, flow, revoked_at) select ";
        skewed
            .jdbc()
            .update(
                insert
                    + "'app-' || g, 'app', null, 1, 'client', '', 'abcd', now(), null, null"
                    + " from generate_series(1, 100000) g");
        skewed
            .jdbc()
            .update(
                insert
                    + "'web-' || g, 'user', ?, 1, 'client', 'basic', 'abcd', now(), 'web',"
                    + " case when g <= 30000 then now() end from generate_series(1, 30000 + ?) g",
                account,
                MAX_LIVE);
        skewed.jdbc().update("analyze tokens");
        long rows = 100_000 + 30_000 + MAX_LIVE;
        long scansBefore = sequentialScansAfter(skewed, rows);
        assertThat(redeemWithNewToken(store, newCode(store, account, "client", now)))
            .isInstanceOf(Redeemed.Issued.class);
        assertThat(
                skewed
                    .jdbc()
                    .one(
                        "select count(*) from tokens where account_id = ? and flow = 'web'"
                            + " and revoked_at is null",
                        rs -> rs.getLong(1),
                        account))
            .as("the user's live web tokens after the limit")
            .contains((long) MAX_LIVE);
        assertThat(sequentialScansAfter(skewed, rows + 1))
            .as("sequential scans of tokens in the redemption")
            .isEqualTo(scansBefore);
      }
    }

    /**
     * The sequential scans of {@code tokens} counted once {@code inserts} rows were: PostgreSQL
     * sends a transaction's counts of every table together, a while after it ends.
     */
    private static long sequentialScansAfter(Database db, long inserts) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (tokensStatistic(db, "n_tup_ins") < inserts && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(tokensStatistic(db, "n_tup_ins")).as("inserts counted").isEqualTo(inserts);
      return tokensStatistic(db, "seq_scan");
    }

    private static long tokensStatistic(Database db, String column) {
      return db.jdbc()
          .one(
              "select " + column + " from pg_stat_user_tables where relname = 'tokens'",
              rs -> rs.getLong(1))
          .orElseThrow();
    }

    /** The heap page a code's current row version is on. */
    private String page(String codeHash) {
      String ctid =
          database
              .jdbc()
              .list(
                  "select ctid::text from auth_codes where code_hash = ?",
                  rs -> rs.getString(1),
                  codeHash)
              .get(0);
      return ctid.substring(1, ctid.indexOf(','));
    }

    /** How many times {@code table} was analysed by {@code ANALYZE} (not autovacuum). */
    private long analyses(String table) {
      return database
          .jdbc()
          .list(
              "select analyze_count from pg_stat_user_tables where relname = ?",
              rs -> rs.getLong(1),
              table)
          .get(0);
    }
  }
}
