package io.keyport.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.store.TokenStore.TokenRow;
import io.keyport.server.store.WriteNotices;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What the cache may use: nothing older than {@link TokenCache#MAX_AGE}, nothing while the write
 * notices are not healthy, nothing read before a write was heard.
 */
class TokenCacheTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private Runnable othersWrote;
  private final WriteNotices notices =
      new WriteNotices() {
        @Override
        public void start(Runnable heard) {
          othersWrote = heard;
        }

        @Override
        public boolean healthy() {
          return healthy.get();
        }

        @Override
        public void announce() {}

        @Override
        public void close() {}
      };
  private final TokenCache cache = new TokenCache(true, notices, now::get);

  {
    notices.start(cache::forgetAll);
  }

  private static TokenRow row() {
    return new TokenRow(
        1,
        "user",
        2L,
        3L,
        "client",
        List.of("basic"),
        "abcd",
        Instant.EPOCH,
        null,
        null,
        null,
        null);
  }

  /** Remembers a row looked up a moment after the last forgetting. */
  private void remember(String hash) {
    now.addAndGet(1);
    long seen = cache.generation();
    cache.remember(hash, row(), seen);
  }

  @Test
  void anEntryIsUsedUntilItIsMaxAgeOldThenLookedUpAgain() {
    remember("h");
    now.addAndGet(TokenCache.MAX_AGE.toNanos() - 1);
    assertThat(cache.row("h")).isNotNull();
    now.addAndGet(1);
    assertThat(cache.row("h")).isNull();
  }

  @Test
  void whileTheNoticesAreNotHealthyNothingIsUsedOrRemembered() {
    remember("h");
    healthy.set(false);
    assertThat(cache.row("h")).isNull();
    remember("other");
    healthy.set(true);
    assertThat(cache.row("other")).isNull();
    assertThat(cache.listening()).isTrue();
  }

  @Test
  void aLookupThatBeganBeforeAWriteWasHeardIsNotRemembered() {
    now.addAndGet(1);
    long seen = cache.generation();
    now.addAndGet(10);
    othersWrote.run();
    cache.remember("h", row(), seen);
    assertThat(cache.row("h")).isNull();
    remember("h");
    assertThat(cache.row("h")).isNotNull();
    othersWrote.run();
    assertThat(cache.row("h")).isNull();
  }

  private final TokenCache.Remembered<Long, String> names = cache.remembering();
  private final AtomicInteger lookups = new AtomicInteger();

  private Optional<String> name(long id) {
    return names.get(
        id,
        () -> {
          lookups.incrementAndGet();
          return id < 0 ? Optional.empty() : Optional.of("name " + id);
        });
  }

  @Test
  void aRememberedLookupIsUsedUntilAWriteOrMaxAgeAndNothingFoundIsNotRemembered() {
    now.addAndGet(1);
    assertThat(name(7)).contains("name 7");
    assertThat(name(7)).contains("name 7");
    assertThat(lookups).hasValue(1);
    cache.forgetAll();
    now.addAndGet(1);
    assertThat(name(7)).contains("name 7");
    assertThat(lookups).hasValue(2);
    othersWrote.run();
    now.addAndGet(1);
    name(7);
    assertThat(lookups).hasValue(3);
    now.addAndGet(TokenCache.MAX_AGE.toNanos());
    name(7);
    assertThat(lookups).hasValue(4);
    assertThat(name(-1)).isEmpty();
    assertThat(name(-1)).isEmpty();
    assertThat(lookups).hasValue(6);
  }

  @Test
  void whileTheNoticesAreNotHealthyEveryRememberedKindLooksUpEveryTime() {
    now.addAndGet(1);
    name(7);
    healthy.set(false);
    name(7);
    name(7);
    assertThat(lookups).hasValue(3);
    healthy.set(true);
    othersWrote.run(); // as the notices do when they are heard again
    now.addAndGet(1);
    name(7);
    name(7);
    assertThat(lookups).as("remembered again once hearing").hasValue(4);
  }

  @Test
  void aKindRememberingAbsenceRemembersNothingFoundUntilAWrite() {
    TokenCache.Remembered<Long, String> none = cache.rememberingAbsence();
    AtomicInteger looked = new AtomicInteger();
    now.addAndGet(1);
    for (int i = 0; i < 3; i++) {
      assertThat(
              none.get(
                  1L,
                  () -> {
                    looked.incrementAndGet();
                    return Optional.empty();
                  }))
          .isEmpty();
    }
    assertThat(looked).hasValue(1);
    cache.forgetAll();
    now.addAndGet(1);
    assertThat(none.get(1L, () -> Optional.of("there now"))).contains("there now");
  }
}
