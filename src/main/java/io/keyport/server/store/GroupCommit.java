package io.keyport.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Work that many request threads do at once (an insert, a code's redemption), committed in groups:
 * a thread queues its item, and whichever thread holds the lock next does every queued item in one
 * transaction — one commit, one write of the changed pages (H2) or one WAL flush (PostgreSQL) for
 * the group — while the others wait for it. Each caller still returns only after its own item is
 * committed; those whose items a turn committed are woken directly, not through the lock. A group
 * that fails is retried item by item, so one bad item fails only its own caller.
 *
 * @param <P> what a caller queues
 * @param <R> what the caller gets back
 */
final class GroupCommit<P, R> {
  /** Items per transaction at most; a bigger backlog is taken in several turns. */
  static final int MAX_GROUP = 256;

  private final Work<P, R> work;
  private final Queue<Pending<P, R>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock committer = new ReentrantLock();

  /**
   * Does a group of items in one transaction (committed, and on H2 stored, before it returns): one
   * result for each item, in the items' order.
   */
  @FunctionalInterface
  interface Work<P, R> {
    List<R> run(List<P> items);
  }

  GroupCommit(Work<P, R> work) {
    this.work = work;
  }

  /** Does the item and returns its result once it is committed. */
  R run(P item) {
    Pending<P, R> mine = new Pending<>(item);
    queue.add(mine);
    while (!mine.done) {
      if (committer.tryLock()) {
        try {
          while (!mine.done) {
            commitGroup();
          }
        } finally {
          committer.unlock();
        }
        handOver();
      } else {
        // Whoever holds the lock commits this item, or hands over to its owner when done.
        LockSupport.park(this);
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.result;
  }

  /**
   * After every turn: items queued while the lock was held wake their owner, who takes the next
   * turn. An item queued after this look found its owner's own tryLock free, so none is left
   * behind.
   */
  private void handOver() {
    Pending<P, R> next = queue.peek();
    if (next != null) {
      LockSupport.unpark(next.owner);
    }
  }

  private void commitGroup() {
    List<Pending<P, R>> group = new ArrayList<>();
    Pending<P, R> next;
    while (group.size() < MAX_GROUP && (next = queue.poll()) != null) {
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      commit(group);
    } finally {
      for (Pending<P, R> p : group) {
        if (!p.done) { // only if commit itself threw (an Error): nobody may wait forever
          p.fail(new IllegalStateException("the work was not committed"));
        }
      }
    }
  }

  private void commit(List<Pending<P, R>> group) {
    try {
      List<P> items = new ArrayList<>(group.size());
      for (Pending<P, R> p : group) {
        items.add(p.item);
      }
      List<R> results = work.run(items);
      for (int i = 0; i < results.size(); i++) {
        group.get(i).succeed(results.get(i));
      }
    } catch (RuntimeException groupFailed) {
      if (group.size() == 1) {
        group.get(0).fail(groupFailed);
        return;
      }
      for (Pending<P, R> p : group) {
        try {
          p.succeed(work.run(List.of(p.item)).get(0));
        } catch (RuntimeException e) {
          p.fail(e);
        }
      }
    }
  }

  private static final class Pending<P, R> {
    final P item;
    final Thread owner = Thread.currentThread();
    R result;
    RuntimeException failure;
    // Written after result or failure, read before them: the volatile orders the two.
    volatile boolean done;

    Pending(P item) {
      this.item = item;
    }

    void succeed(R result) {
      this.result = result;
      done = true;
      LockSupport.unpark(owner);
    }

    void fail(RuntimeException e) {
      failure = e;
      done = true;
      LockSupport.unpark(owner);
    }
  }
}
