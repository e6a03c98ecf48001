package io.keyport.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.core.RateBuckets.Limit;
import io.keyport.server.store.Database;
import io.keyport.server.store.RateBucketTable;
import io.keyport.testing.TestServers;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared PostgreSQL buckets, taken in batches and the next batch taken ahead: two servers
 * hammering one bucket from many threads are allowed exactly the limit between them, no more (a
 * batch taken ahead is counted) and no less (nothing taken is lost while the window lasts).
 */
class SharedRateBucketsTest {
  static Database database;

  @BeforeAll
  static void open() {
    database = Database.open(TestServers.POSTGRES.config());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void twoServersManyThreadsGetExactlyTheLimitBetweenThem() throws Exception {
    Limit limit = new Limit("test", 20_000, Duration.ofHours(1));
    assertThat(SharedRateBuckets.batchFor(limit)).isEqualTo(200);
    RateBuckets first =
        RateBuckets.shared(
            time -> RateBucketTable.proxies(database.dataSource(), time), Clock.systemUTC());
    RateBuckets second =
        RateBuckets.shared(
            time -> RateBucketTable.proxies(database.dataSource(), time), Clock.systemUTC());
    AtomicLong allowed = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      Future<?>[] running = new Future<?>[8];
      for (int t = 0; t < running.length; t++) {
        RateBuckets server = t % 2 == 0 ? first : second;
        running[t] = threads.submit(() -> takeUntilRefused(server, limit, allowed));
      }
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    // A batch taken ahead may have landed after the threads stopped: whatever is held is still
    // usable.
    takeUntilRefused(first, limit, allowed);
    takeUntilRefused(second, limit, allowed);
    assertThat(allowed.get()).isEqualTo(20_000);
    assertThat(first.take(limit, "subject").allowed()).isFalse();
    assertThat(second.take(limit, "subject").allowed()).isFalse();
  }

  /**
   * Takes until refused many times in a row (a refusal may come while a batch is being taken
   * ahead).
   */
  private static void takeUntilRefused(RateBuckets server, Limit limit, AtomicLong allowed) {
    int refusedInARow = 0;
    while (refusedInARow < 200) {
      if (server.take(limit, "subject").allowed()) {
        allowed.incrementAndGet();
        refusedInARow = 0;
      } else {
        refusedInARow++;
      }
    }
  }
}
