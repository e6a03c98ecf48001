package io.keyport.server.core;

import io.keyport.server.store.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When tokens and client secrets were last used (API.md "Credential lifecycle"), to the minute, off
 * the request's hot path: a request only notes the minute in memory, and only the first use of a
 * credential in a minute is queued; a background writer stores the queue in batches every {@link
 * #PERIOD} and once more when the server closes. Nothing here is security-relevant, so the writes
 * leave the token cache alone. Several servers on one database each write at most once a minute per
 * credential, and a time never moves back ({@link UsageStore}).
 */
public final class LastUsed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LastUsed.class);
  static final Duration PERIOD = Duration.ofSeconds(10);

  private final UsageStore store;
  private final Clock clock;
  // The minute each credential was last queued in: a use in the same minute costs one map lookup.
  private final Map<Long, Instant> tokenNoted = new ConcurrentHashMap<>();
  private final Map<Long, Instant> secretNoted = new ConcurrentHashMap<>();
  private final Map<Long, Instant> tokenQueue = new ConcurrentHashMap<>();
  private final Map<Long, Instant> secretQueue = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;
  private final AtomicLong rowsWritten = new AtomicLong();
  private final boolean recording;

  private LastUsed(UsageStore store, Clock clock, boolean background, boolean recording) {
    this.store = store;
    this.clock = clock;
    this.recording = recording;
    if (background) {
      writer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "keyport-last-used-writer");
                t.setDaemon(true);
                return t;
              });
      long ms = PERIOD.toMillis();
      writer.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      writer = null;
    }
  }

  /** Written by a background thread every {@link #PERIOD}, and at {@link #close}. */
  public static LastUsed writingTo(UsageStore store, Clock clock) {
    return new LastUsed(store, clock, true, true);
  }

  /**
   * Notes nothing and so writes nothing: only for the benchmark that measures what recording costs
   * (issue 17), never a server's default.
   */
  public static LastUsed notRecording(UsageStore store, Clock clock) {
    return new LastUsed(store, clock, false, false);
  }

  /** Written only by {@link #flush} and {@link #close} (tests). */
  static LastUsed flushedByHand(UsageStore store, Clock clock) {
    return new LastUsed(store, clock, false, true);
  }

  /** The token authenticated a request now. */
  public void tokenUsed(long tokenId) {
    note(tokenNoted, tokenQueue, tokenId);
  }

  /** The client secret authenticated a client now. */
  public void secretUsed(long secretId) {
    note(secretNoted, secretQueue, secretId);
  }

  /** The minute this server last saw the token used, if it remembers one (null otherwise). */
  public Instant tokenLastSeen(long tokenId) {
    return tokenNoted.get(tokenId);
  }

  /** The minute this server last saw the secret used, if it remembers one (null otherwise). */
  public Instant secretLastSeen(long secretId) {
    return secretNoted.get(secretId);
  }

  private void note(Map<Long, Instant> noted, Map<Long, Instant> queue, long id) {
    if (!recording) {
      return;
    }
    Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant known = noted.get(id);
    if (known != null && !known.isBefore(minute)) {
      return;
    }
    noted.merge(id, minute, LastUsed::later);
    queue.merge(id, minute, LastUsed::later);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Writes what is queued now; returns how many rows this writer has changed since it started (a
   * use another server already wrote for that minute changes none). A batch that fails is queued
   * again for the next turn.
   */
  public synchronized long flush() {
    rowsWritten.addAndGet(write(tokenQueue, store::tokensUsed));
    rowsWritten.addAndGet(write(secretQueue, store::secretsUsed));
    // Minutes gone by need no remembering: the next use is in a later minute and is queued anyway.
    Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    tokenNoted.values().removeIf(m -> m.isBefore(minute));
    secretNoted.values().removeIf(m -> m.isBefore(minute));
    return rowsWritten.get();
  }

  private interface Writer {
    int write(Map<Long, Instant> used);
  }

  private static int write(Map<Long, Instant> queue, Writer writer) {
    Map<Long, Instant> batch = new HashMap<>();
    for (Long id : queue.keySet()) {
      Instant at = queue.remove(id);
      if (at != null) {
        batch.put(id, at);
      }
    }
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      return writer.write(batch);
    } catch (RuntimeException e) {
      batch.forEach((id, at) -> queue.merge(id, at, LastUsed::later));
      throw e;
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not record when credentials were last used; trying again in {} s ({})",
          PERIOD.toSeconds(),
          e.getMessage());
    }
  }

  /** Stops the background writer and writes what is left (before the database closes). */
  @Override
  public void close() {
    if (writer != null) {
      writer.shutdown();
      try {
        writer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushQuietly();
  }
}
