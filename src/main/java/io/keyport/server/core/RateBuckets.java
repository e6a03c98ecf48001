package io.keyport.server.core;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bucket4j token buckets by key: in this process (embedded server on H2), or kept in PostgreSQL
 * (table {@code rate_buckets}, migration {@code db/postgresql}; see {@link SharedRateBuckets}) so
 * that every server instance on one database shares one limit. A bucket holds {@code capacity}
 * tokens and refills to full at the end of each {@code period} (App.net's fixed windows). Keys
 * never hold a secret: callers pass a hash of a token or a username, or a client address.
 */
public abstract sealed class RateBuckets permits RateBuckets.InProcess, SharedRateBuckets {
  /** One limit: so many requests per period. */
  public record Limit(String name, long capacity, Duration period) {
    public Limit {
      if (capacity < 1) {
        throw new IllegalArgumentException(name + " limit must be at least 1, was " + capacity);
      }
    }

    BucketConfiguration configuration() {
      return BucketConfiguration.builder()
          .addLimit(
              Bandwidth.builder().capacity(capacity).refillIntervally(capacity, period).build())
          .build();
    }

    /**
     * The bucket's key: the limit itself is part of it, so a changed limit starts fresh buckets.
     */
    String key(String subject) {
      return name + ":" + capacity + "/" + period.toSeconds() + ":" + subject;
    }
  }

  /**
   * What a take or a look left: whether it was allowed, what remains, and when the window resets.
   */
  public record Probe(
      Limit limit, boolean allowed, long remaining, long nanosToRetry, long nanosToReset) {
    static Probe of(Limit limit, ConsumptionProbe p) {
      return new Probe(
          limit,
          p.isConsumed(),
          p.getRemainingTokens(),
          p.isConsumed() ? 0 : p.getNanosToWaitForRefill(),
          p.getNanosToWaitForReset());
    }

    static Probe of(Limit limit, EstimationProbe p) {
      return new Probe(
          limit,
          p.canBeConsumed(),
          p.getRemainingTokens(),
          p.canBeConsumed() ? 0 : p.getNanosToWaitForRefill(),
          p.canBeConsumed() ? 0 : p.getNanosToWaitForRefill());
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

  /**
   * Buckets in this process's memory; full buckets are forgotten now and then (a fresh one is the
   * same).
   */
  public static RateBuckets inProcess(Clock clock) {
    return new InProcess(timeMeter(clock));
  }

  /**
   * Buckets kept in a shared table (PostgreSQL's {@code rate_buckets}, see the store's
   * RateBucketTable), shared by every server on the database; {@code table} makes its Bucket4j
   * proxies with the given clock.
   */
  public static <P extends ProxyManager<String> & ExpiredEntriesCleaner> RateBuckets shared(
      Function<TimeMeter, P> table, Clock clock) {
    TimeMeter time = timeMeter(clock);
    P proxies = table.apply(time);
    return new SharedRateBuckets(proxies, proxies, time);
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
        held =
            buckets.computeIfAbsent(
                key,
                k ->
                    new Held(
                        Bucket.builder()
                            .addLimit(limit.configuration().getBandwidths()[0])
                            .withCustomTimePrecision(time)
                            .build(),
                        limit.capacity()));
      }
      return held.bucket();
    }

    /** Drops the buckets that are full again: forgetting them changes nothing a client can see. */
    private synchronized void prune() {
      buckets.values().removeIf(h -> h.bucket().getAvailableTokens() >= h.capacity());
    }
  }
}
