package io.keyport.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.store.AppStore.ClientRow;
import io.keyport.server.store.TokenStore.TokenRow;
import io.keyport.server.store.WriteNotices;
import io.keyport.server.store.WriteNotices.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the cache may use: nothing older than {@link TokenCache#MAX_AGE}, nothing while the write
 * notices are not healthy, nothing read before a write was heard.
 */
class TokenCacheTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private Consumer<Scope> heard;
  private final Runnable othersWrote = () -> heard.accept(Scope.EVERYTHING);
  private final List<Scope> announced = new ArrayList<>();
  private final WriteNotices notices =
      new WriteNotices() {
        @Override
        public void start(Consumer<Scope> othersWrote) {
          heard = othersWrote;
        }

        @Override
        public boolean healthy() {
          return healthy.get();
        }

        @Override
        public void announce(Scope scope) {
          announced.add(scope);
        }

        @Override
        public void close() {}
      };
  private final TokenCache cache = new TokenCache(true, notices, now::get);

  {
    notices.start(cache::forget);
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

  private final TokenCache.Remembered<Long, String> pages =
      cache.remembering(Scope.MESSAGES, String::length, 100);
  private final AtomicInteger pageLookups = new AtomicInteger();

  private Optional<String> page(long id) {
    return pages.get(
        id,
        () -> {
          pageLookups.incrementAndGet();
          return Optional.of("page " + id);
        });
  }

  private final AtomicInteger clientLookups = new AtomicInteger();

  private void client() {
    cache.client(
        "client",
        () -> {
          clientLookups.incrementAndGet();
          return Optional.of(new ClientRow(1, 2, "client", "App", null, List.of(), null));
        });
  }

  @Test
  void aMessagesWriteForgetsThePagesOnlyAndTokensClientsAndOtherKindsStayRemembered() {
    remember("h");
    name(7);
    page(1);
    client();
    now.addAndGet(1);
    announced.clear();

    cache.forget(Scope.MESSAGES);
    assertThat(announced).as("told the other servers, scoped").containsExactly(Scope.MESSAGES);
    now.addAndGet(1);
    assertThat(cache.row("h")).as("the token").isNotNull();
    name(7);
    client();
    assertThat(lookups).as("another kind").hasValue(1);
    assertThat(clientLookups).as("a client").hasValue(1);
    page(1);
    page(1);
    assertThat(pageLookups).as("the page: looked up again once").hasValue(2);

    heard.accept(Scope.MESSAGES); // another server's message
    now.addAndGet(1);
    assertThat(cache.row("h")).isNotNull();
    name(7);
    client();
    page(1);
    assertThat(lookups).hasValue(1);
    assertThat(clientLookups).hasValue(1);
    assertThat(pageLookups).hasValue(3);

    cache.forgetAll();
    now.addAndGet(1);
    page(1);
    assertThat(pageLookups).as("a write of everything forgets the pages too").hasValue(4);
    assertThat(cache.row("h")).isNull();
  }

  @Test
  void aTokensWriteForgetsTokensOnlyAndClientsAccountsAndPagesStayRemembered() {
    remember("h");
    name(7);
    page(1);
    client();
    now.addAndGet(1);
    announced.clear();

    cache.forget(Scope.TOKENS);
    assertThat(announced).as("told the other servers, scoped").containsExactly(Scope.TOKENS);
    now.addAndGet(1);
    assertThat(cache.row("h")).as("the token").isNull();
    name(7);
    client();
    page(1);
    assertThat(lookups).as("another kind").hasValue(1);
    assertThat(clientLookups).as("a client").hasValue(1);
    assertThat(pageLookups).as("a page").hasValue(1);

    remember("h");
    long seen = cache.generation();
    now.addAndGet(10);
    heard.accept(Scope.TOKENS); // another server's exchange, committed during this lookup
    cache.remember("late", row(), seen);
    assertThat(cache.row("h")).as("heard of").isNull();
    assertThat(cache.row("late")).as("began before the write").isNull();
    client();
    assertThat(clientLookups).hasValue(1);
  }

  @Test
  void aPageLookupThatBeganBeforeAMessagesWriteIsNotRemembered() {
    now.addAndGet(1);
    Optional<String> found =
        pages.get(
            1L,
            () -> {
              pageLookups.incrementAndGet();
              now.addAndGet(10);
              heard.accept(Scope.MESSAGES); // committed while the page was read
              return Optional.of("old page");
            });
    assertThat(found).contains("old page");
    now.addAndGet(1);
    assertThat(page(1)).contains("page 1");
    assertThat(page(1)).contains("page 1");
    assertThat(pageLookups).hasValue(2);
  }

  @Test
  void whileTheNoticesAreNotHealthyPagesAreNotRemembered() {
    now.addAndGet(1);
    page(1);
    healthy.set(false);
    page(1);
    page(1);
    assertThat(pageLookups).hasValue(3);
    healthy.set(true);
    othersWrote.run();
    now.addAndGet(1);
    page(1);
    page(1);
    assertThat(pageLookups).hasValue(4);
    now.addAndGet(TokenCache.MAX_AGE.toNanos());
    page(1);
    assertThat(pageLookups).as("nor used past MAX_AGE").hasValue(5);
  }

  @Test
  void pagesAreBoundedByTheirWeight() {
    now.addAndGet(1);
    AtomicInteger heavy = new AtomicInteger();
    for (int i = 0; i < 2; i++) {
      pages.get(
          0L,
          () -> {
            heavy.incrementAndGet();
            return Optional.of("x".repeat(101));
          });
    }
    assertThat(heavy).as("heavier than the whole budget: not remembered").hasValue(2);
    for (long id = 1; id <= 20; id++) {
      page(id); // "page N": 6 or 7 each, 100 in all at most
    }
    assertThat(pageLookups).hasValue(20);
    page(20);
    assertThat(pageLookups).as("the newest is still there").hasValue(20);
    page(1);
    assertThat(pageLookups).as("the oldest went when the budget was passed").hasValue(21);
  }
}
