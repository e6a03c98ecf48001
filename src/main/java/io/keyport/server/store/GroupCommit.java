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
 * committed; those whose items a turn committed are woken after the lock is handed on, not through
 * the lock. A group that fails is retried item by item, so one bad item fails only its own caller.
 *
 * @param <P> what a caller queues
 * @param <R> what the caller gets back
 */
final class GroupCommit<P, R> {
  /** Items per transaction at most; a bigger backlog is taken in several turns. */
  static final int MAX_GROUP = 256;

  private final Work<P, R> work;
  private final int maxGroup;
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
    this(work, MAX_GROUP);
  }

  /** With groups of at most {@code maxGroup} items (small ones make every path of a test busy). */
  GroupCommit(Work<P, R> work, int maxGroup) {
    this.work = work;
    this.maxGroup = maxGroup;
  }

  /** Does the item and returns its result once it is committed. */
  R run(P item) {
    Pending<P, R> mine = new Pending<>(item);
    queue.add(mine);
    try {
      while (!mine.done) {
        if (committer.tryLock()) {
          List<Pending<P, R>> committed = new ArrayList<>(1);
          try {
            while (!mine.done) {
              commitGroup(committed);
            }
          } finally {
            if (!mine.done) {
              // The work threw past the retry with this item still queued: nobody waits for it, and
              // whoever committed it later would count on this thread to wake the items behind it.
              // Only lock holders take from the queue, so it is still there to take out.
              queue.remove(mine);
            }
            committer.unlock();
            handOver();
            for (Pending<P, R> root : committed) {
              root.wake();
            }
          }
        } else {
          // Whoever holds the lock commits this item, or hands over to its owner when done.
          LockSupport.park(this);
        }
      }
    } finally {
      if (mine.done) {
        mine.wakeFollowers();
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

  /**
   * Commits the queued items (up to {@code maxGroup}); the group's first item joins {@code roots}.
   */
  private void commitGroup(List<Pending<P, R>> roots) {
    List<Pending<P, R>> group = new ArrayList<>();
    Pending<P, R> next;
    while (group.size() < maxGroup && (next = queue.poll()) != null) {
      next.group = group;
      next.index = group.size();
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    roots.add(group.get(0));
    try {
      commit(group);
    } finally {
      // Last item first: an owner that sees its item done — parked or not — wakes its followers
      // at once, and theirs come after it, so they must already be done.
      for (int i = group.size() - 1; i >= 0; i--) {
        Pending<P, R> p = group.get(i);
        if (!p.settled) { // only if commit itself threw (an Error): nobody may wait forever
          p.fail(new IllegalStateException("the work was not committed"));
        }
        p.done = true;
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

  /**
   * A queued item. Once its group is committed its owner is woken as a node of a binary tree over
   * the group: the committing thread wakes the first item's owner, and each owner, on its way out,
   * the owners of items {@code 2i+1} and {@code 2i+2}. Waking a thread is a system call, and a
   * woken thread takes a core: one thread waking a whole group while it held the lock kept every
   * other group waiting, on two cores often preempted by the very threads it had woken.
   */
  private static final class Pending<P, R> {
    final P item;
    final Thread owner = Thread.currentThread();
    R result;
    RuntimeException failure;
    boolean settled;
    List<Pending<P, R>> group;
    int index;
    // Set once the whole group is settled, and read before the rest: the volatile orders them.
    volatile boolean done;

    Pending(P item) {
      this.item = item;
    }

    void succeed(R result) {
      this.result = result;
      settled = true;
    }

    void fail(RuntimeException e) {
      failure = e;
      settled = true;
    }

    void wake() {
      if (owner != Thread.currentThread()) {
        LockSupport.unpark(owner);
      }
    }

    void wakeFollowers() {
      for (int child = 2 * index + 1; child <= 2 * index + 2 && child < group.size(); child++) {
        group.get(child).wake();
      }
    }
  }
}
