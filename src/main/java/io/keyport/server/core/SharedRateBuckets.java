package io.keyport.server.core;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets in a table every server shares (PostgreSQL's {@code rate_buckets}, reached through the
 * Bucket4j proxies the store makes), taken from in batches: a request costs a row lock and a commit
 * in the shared table only once per batch, not every time (with one token or one address all
 * requests queue on that one row). A batch is 1% of the limit (at most 1,000, at least 1: a limit
 * under 200 is taken one by one); its unused tokens serve this server's next requests until the
 * window they were taken in ends, then lapse. When half a batch is used the next is taken ahead on
 * a background thread, so requests seldom wait for the database. Every server's takes still add up
 * to at most the limit per window; another server may refuse up to one and a half batches early,
 * and the {@code Remaining} this server shows counts its own unused tokens as left.
 */
final class SharedRateBuckets extends RateBuckets {
  private static final long CLEAN_EVERY = 1_000;
  static final long MAX_BATCH = 1_000;
  private final ProxyManager<String> proxies;
  private final ExpiredEntriesCleaner cleaner;
  private final AtomicLong uses = new AtomicLong();
  private final TimeMeter time;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  // One thread, gone after a minute without work.
  private final Executor ahead =
      new ThreadPoolExecutor(
          0,
          1,
          1,
          TimeUnit.MINUTES,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "keyport-rate-limits-ahead");
            t.setDaemon(true);
            return t;
          });

  /** Tokens of a batch not yet used, and what the shared bucket said when the batch was taken. */
  private static final class Held {
    long tokens;
    long sharedRemaining;
    long windowEndsNanos;

    /** A take of the next batch is under way on the background thread. */
    boolean takingAhead;
  }

  static long batchFor(Limit limit) {
    return Math.max(1, Math.min(MAX_BATCH, limit.capacity() / 100));
  }

  @Override
  public Probe take(Limit limit, String subject) {
    long batch = batchFor(limit);
    if (batch == 1) {
      return super.take(limit, subject);
    }
    Held h = held.computeIfAbsent(limit.key(subject), k -> new Held());
    synchronized (h) {
      awaitBatchTakenAhead(h);
      long now = time.currentTimeNanos();
      if (h.tokens > 0 && now < h.windowEndsNanos) {
        h.tokens--;
        if (h.tokens < batch / 2 && !h.takingAhead) {
          takeAhead(h, limit, subject, batch);
        }
        return new Probe(limit, true, h.sharedRemaining + h.tokens, 0, h.windowEndsNanos - now);
      }
      h.tokens = 0;
      ConsumptionProbe p = bucket(limit, subject).tryConsumeAndReturnRemaining(batch);
      if (p.isConsumed()) {
        h.tokens = batch - 1;
        h.sharedRemaining = p.getRemainingTokens();
        h.windowEndsNanos = now + p.getNanosToWaitForReset();
        return new Probe(limit, true, h.sharedRemaining + h.tokens, 0, p.getNanosToWaitForReset());
      }
      // Less than a batch left in this window: one at a time.
      return Probe.of(limit, bucket(limit, subject).tryConsumeAndReturnRemaining(1));
    }
  }

  /** Nothing left but a batch on its way: wait for it rather than take another. */
  private static void awaitBatchTakenAhead(Held h) {
    while (h.tokens == 0 && h.takingAhead) {
      try {
        h.wait(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Half of the batch used: the next one is taken on the background thread, so that the requests go
   * on with what is left rather than all wait for the database when it runs out. What it takes is
   * counted in the shared bucket like any batch. If the window ended meanwhile, the old window's
   * leftover tokens lapse and the new batch, taken from the new window, serves it.
   */
  private void takeAhead(Held h, Limit limit, String subject, long batch) {
    h.takingAhead = true;
    try {
      ahead.execute(
          () -> {
            ConsumptionProbe p = null;
            try {
              p = bucket(limit, subject).tryConsumeAndReturnRemaining(batch);
            } catch (RuntimeException e) {
              // the request that finds the batch empty takes one itself, and sees the failure
            } finally {
              synchronized (h) {
                h.takingAhead = false;
                long now = time.currentTimeNanos();
                if (p != null && p.isConsumed()) {
                  if (now >= h.windowEndsNanos) {
                    h.tokens = 0;
                  }
                  h.tokens += batch;
                  h.sharedRemaining = p.getRemainingTokens();
                  h.windowEndsNanos = now + p.getNanosToWaitForReset();
                }
                h.notifyAll();
              }
            }
          });
    } catch (RejectedExecutionException e) {
      h.takingAhead = false;
    }
  }

  @Override
  public void giveBack(Limit limit, String subject) {
    Held h = batchFor(limit) == 1 ? null : held.get(limit.key(subject));
    if (h != null) {
      synchronized (h) {
        if (time.currentTimeNanos() < h.windowEndsNanos) {
          h.tokens++;
          return;
        }
      }
    }
    super.giveBack(limit, subject);
  }

  SharedRateBuckets(ProxyManager<String> proxies, ExpiredEntriesCleaner cleaner, TimeMeter time) {
    this.proxies = proxies;
    this.cleaner = cleaner;
    this.time = time;
  }

  @Override
  Bucket bucket(Limit limit, String subject) {
    if (uses.incrementAndGet() % CLEAN_EVERY == 0) {
      cleaner.removeExpired(1_000);
      held.values()
          .removeIf(
              h -> {
                synchronized (h) {
                  return time.currentTimeNanos() >= h.windowEndsNanos;
                }
              });
    }
    return proxies.builder().build(limit.key(subject), limit::configuration);
  }
}
