package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The group commit itself, with work that needs no database: every caller gets its own item's
 * result once its group is done, and no caller is left waiting. The owners of a group are woken by
 * one another after the lock is handed on, so a lost wake-up hangs a caller here: an owner that
 * wakes the items behind its own before they are marked done, or one that never wakes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest {
  private final ExecutorService threads = Executors.newFixedThreadPool(64);

  @AfterAll
  void close() {
    threads.shutdownNow();
  }

  /** A group's work: each item doubled, after a moment in which further callers queue up. */
  private static List<Integer> doubled(List<Integer> items, AtomicInteger largestGroup) {
    largestGroup.accumulateAndGet(items.size(), Math::max);
    long until = System.nanoTime() + 50_000;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    List<Integer> out = new ArrayList<>(items.size());
    for (int item : items) {
      if (item < 0) {
        throw new IllegalArgumentException("negative: " + item);
      }
      out.add(item * 2);
    }
    return out;
  }

  private <T> List<T> allOf(List<Future<T>> futures) throws Exception {
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  @Test
  void everyCallerGetsItsOwnResultAndNoneIsLeftWaiting() throws Exception {
    AtomicInteger largestGroup = new AtomicInteger();
    GroupCommit<Integer, Integer> commit = new GroupCommit<>(items -> doubled(items, largestGroup));
    int callers = 64;
    int calls = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> wrong = new ArrayList<>();
    for (int t = 0; t < callers; t++) {
      int caller = t;
      wrong.add(
          threads.submit(
              () -> {
                start.await();
                int mismatches = 0;
                for (int i = 0; i < calls; i++) {
                  int item = caller * calls + i;
                  if (commit.run(item) != item * 2) {
                    mismatches++;
                  }
                }
                return mismatches;
              }));
    }
    start.countDown();
    assertThat(allOf(wrong)).hasSize(callers).containsOnly(0);
    assertThat(largestGroup.get()).as("callers shared groups").isGreaterThan(1);
  }

  @Test
  void anItemTheWorkRefusesFailsOnlyItsOwnCaller() throws Exception {
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(items -> doubled(items, new AtomicInteger()));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> fine = new ArrayList<>();
    List<Future<Integer>> refused = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      int item = i % 10 == 0 ? -i : i;
      Future<Integer> f =
          threads.submit(
              () -> {
                start.await();
                return commit.run(item);
              });
      (item < 0 ? refused : fine).add(f);
    }
    start.countDown();
    assertThat(allOf(fine)).allMatch(result -> result > 0 && result % 2 == 0);
    for (Future<Integer> f : refused) {
      ExecutionException failed = null;
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failed = e;
      }
      assertThat(failed)
          .isNotNull()
          .cause()
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("negative: ");
    }
  }

  /** Not an exception the work means to throw: it escapes the retry. */
  private static final class Broken extends Error {
    Broken() {
      super("broken", null, false, false);
    }
  }

  /**
   * Groups of two, so that the thread that takes the lock often commits someone else's item first:
   * when that group throws, the thread leaves with its own item still queued, and whoever commits
   * it later must not count on it to wake the item behind it.
   */
  @Test
  void workThatThrowsAnErrorLeavesNoCallerWaiting() throws Exception {
    GroupCommit<Integer, Integer> commit =
        new GroupCommit<>(
            items -> {
              if (items.stream().anyMatch(item -> item % 25 == 0)) {
                throw new Broken();
              }
              return doubled(items, new AtomicInteger());
            },
            2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    for (int i = 1; i <= 1_000; i++) {
      int item = i;
      outcomes.add(
          threads.submit(
              () -> {
                start.await();
                try {
                  return "doubled " + commit.run(item);
                } catch (Broken e) {
                  return "broken";
                } catch (IllegalStateException e) {
                  return e.getMessage();
                }
              }));
    }
    start.countDown();
    List<String> all = allOf(outcomes);
    assertThat(all).hasSize(1_000).contains("broken");
    assertThat(all.stream().filter("broken"::equals)).hasSizeLessThanOrEqualTo(40);
    assertThat(all)
        .allMatch(
            o ->
                o.startsWith("doubled ")
                    || o.equals("broken")
                    || o.equals("the work was not committed"));
  }
}
