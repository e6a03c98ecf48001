package io.keyport.server.core;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Bucket4j token buckets by key: in this process (embedded server on H2), or kept in PostgreSQL
 * (table {@code rate_buckets}, migration {@code db/postgresql}) so that every server instance on
 * one database shares one limit. A bucket holds {@code capacity} tokens and refills to full at the
 * end of each {@code period} (App.net's fixed windows). Keys never hold a secret: callers pass a
 * hash of a token or a username, or a client address.
 */
public abstract sealed class RateBuckets {
  /** One limit: so many requests per period. */
  public record Limit(String name, long capacity, Duration period) {
    public Limit {
      if (capacity < 1) {
        throw new IllegalArgumentException(name + " limit must be at least 1, was " + capacity);
      }
    }

    BucketConfiguration configuration() {
      return BucketConfiguration.builder()
          .addLimit(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, period).build())
          .build();
    }

    /** The bucket's key: the limit itself is part of it, so a changed limit starts fresh buckets. */
    String key(String subject) {
      return name + ":" + capacity + "/" + period.toSeconds() + ":" + subject;
    }
  }

  /** What a take or a look left: whether it was allowed, what remains, and when the window resets. */
  public record Probe(Limit limit, boolean allowed, long remaining, long nanosToRetry, long nanosToReset) {
    static Probe of(Limit limit, ConsumptionProbe p) {
      return new Probe(limit, p.isConsumed(), p.getRemainingTokens(),
          p.isConsumed() ? 0 : p.getNanosToWaitForRefill(), p.getNanosToWaitForReset());
    }

    static Probe of(Limit limit, EstimationProbe p) {
      return new Probe(limit, p.canBeConsumed(), p.getRemainingTokens(),
          p.canBeConsumed() ? 0 : p.getNanosToWaitForRefill(), p.canBeConsumed() ? 0 : p.getNanosToWaitForRefill());
    }

    /** Whole seconds until the window resets, at least 1 when something was used. */
    public long resetSeconds() {
      return ceilSeconds(nanosToReset);
    }

    /** Whole seconds until a refused request may be retried, at least 1. */
    public long retryAfterSeconds() {
      return Math.max(1, ceilSeconds(nanosToRetry));
    }

    private static long ceilSeconds(long nanos) {
      return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
  }

  /** Takes one token from {@code subject}'s bucket of {@code limit}. */
  public Probe take(Limit limit, String subject) {
    return Probe.of(limit, bucket(limit, subject).tryConsumeAndReturnRemaining(1));
  }

  /** Whether one token could be taken now, taking none. */
  public Probe look(Limit limit, String subject) {
    return Probe.of(limit, bucket(limit, subject).estimateAbilityToConsume(1));
  }

  /** Gives back a token taken for a request that another limit then refused. */
  public void giveBack(Limit limit, String subject) {
    bucket(limit, subject).addTokens(1);
  }

  abstract Bucket bucket(Limit limit, String subject);

  /** Buckets in this process's memory; full buckets are forgotten now and then (a fresh one is the same). */
  public static RateBuckets inProcess(Clock clock) {
    return new InProcess(timeMeter(clock));
  }

  /** Buckets in PostgreSQL's {@code rate_buckets} table, shared by every server on the database. */
  public static RateBuckets inPostgres(DataSource dataSource, Clock clock) {
    return new InPostgres(dataSource, timeMeter(clock));
  }

  static TimeMeter timeMeter(Clock clock) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return clock.millis() * 1_000_000L;
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  static final class InProcess extends RateBuckets {
    private static final int PRUNE_ABOVE = 10_000;
    private final TimeMeter time;
    private final Map<String, Held> buckets = new ConcurrentHashMap<>();

    private record Held(Bucket bucket, long capacity) {}

    InProcess(TimeMeter time) {
      this.time = time;
    }

    @Override
    Bucket bucket(Limit limit, String subject) {
      String key = limit.key(subject);
      Held held = buckets.get(key);
      if (held == null) {
        if (buckets.size() > PRUNE_ABOVE) {
          prune();
        }
        held = buckets.computeIfAbsent(key, k -> new Held(Bucket.builder()
            .addLimit(limit.configuration().getBandwidths()[0])
            .withCustomTimePrecision(time)
            .build(), limit.capacity()));
      }
      return held.bucket();
    }

    /** Drops the buckets that are full again: forgetting them changes nothing a client can see. */
    private synchronized void prune() {
      buckets.values().removeIf(h -> h.bucket().getAvailableTokens() >= h.capacity());
    }
  }

  /**
   * Buckets in PostgreSQL, taken from in batches: a request costs a row lock and a commit in the
   * shared table only once per batch, not every time (with one token or one address all requests
   * queue on that one row). A batch is 1% of the limit (at most 1,000, at least 1: a limit under 200
   * is taken one by one, exactly as before); its unused tokens serve this server's next requests
   * until the window they were taken in ends, then lapse. When half a batch is used the next is
   * taken ahead on a background thread, so requests seldom wait for the database. Every server's
   * takes still add up to at most the limit per window; another server may refuse up to one and a
   * half batches early, and the {@code Remaining} this server shows counts its own unused tokens as
   * left.
   */
  static final class InPostgres extends RateBuckets {
    private static final long CLEAN_EVERY = 1_000;
    static final long MAX_BATCH = 1_000;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
    private final AtomicLong uses = new AtomicLong();
    private final TimeMeter time;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    // One thread, gone after a minute without work.
    private final java.util.concurrent.Executor ahead = new java.util.concurrent.ThreadPoolExecutor(0, 1,
        1, java.util.concurrent.TimeUnit.MINUTES, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
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
     * Half of the batch used: the next one is taken on the background thread, so that the requests
     * go on with what is left rather than all wait for the database when it runs out. What it
     * takes is counted in the shared bucket like any batch. If the window ended meanwhile, the
     * old window's leftover tokens lapse and the new batch, taken from the new window, serves it.
     */
    private void takeAhead(Held h, Limit limit, String subject, long batch) {
      h.takingAhead = true;
      try {
        ahead.execute(() -> {
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
      } catch (java.util.concurrent.RejectedExecutionException e) {
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

    InPostgres(DataSource dataSource, TimeMeter time) {
      this.time = time;
      this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
          .primaryKeyMapper(PrimaryKeyMapper.STRING)
          .table("rate_buckets")
          .idColumn("id")
          .stateColumn("state")
          .expiresAtColumn("expires_at")
          .clientClock(time)
          .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
          .build();
    }

    @Override
    Bucket bucket(Limit limit, String subject) {
      if (uses.incrementAndGet() % CLEAN_EVERY == 0) {
        proxies.removeExpired(1_000);
        held.values().removeIf(h -> {
          synchronized (h) {
            return time.currentTimeNanos() >= h.windowEndsNanos;
          }
        });
      }
      return proxies.builder().build(limit.key(subject), limit::configuration);
    }
  }
}
