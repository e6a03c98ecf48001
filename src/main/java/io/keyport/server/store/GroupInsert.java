package io.keyport.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One insert (a statement, or a row and its children) that many request threads run at once,
 * committed in groups: a thread queues its row, and whichever thread holds the lock next inserts
 * every queued row in one transaction — one commit, one write of the changed pages (H2) or one WAL
 * flush (PostgreSQL) for the group — while the others wait for it. Each caller still returns only
 * after its own row is committed; those whose rows a turn committed are woken directly, not through
 * the lock. A group that fails is retried row by row, so one bad row fails only its own caller. A
 * {@link Jdbc.RowGuard} runs first in each group's transaction; a row it refuses fails its caller
 * with {@link Refused}.
 */
final class GroupInsert {
  /** Rows per transaction at most; a bigger backlog is taken in several turns. */
  static final int MAX_GROUP = 256;

  private final Rows rows;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock committer = new ReentrantLock();

  /**
   * Inserts a group of rows in one transaction (committed, and on H2 stored, before it returns);
   * the generated ids in the rows' order, {@link Jdbc#REFUSED} for a row left out.
   */
  @FunctionalInterface
  interface Rows {
    long[] insert(List<Object[]> rows);
  }

  GroupInsert(Jdbc jdbc, String sql) {
    this(jdbc, sql, (c, rows) -> null);
  }

  GroupInsert(Jdbc jdbc, String sql, Jdbc.RowGuard guard) {
    this(rows -> jdbc.insertAll(sql, rows, guard));
  }

  /** Rows that take more than one statement each (a row and its children), a group at a time. */
  GroupInsert(Rows rows) {
    this.rows = rows;
  }

  /** The guard refused the row: nothing was inserted. */
  static final class Refused extends RuntimeException {
    Refused() {
      super("the row was refused", null, false, false);
    }
  }

  /** Inserts the row and returns its generated {@code id} once it is committed. */
  long insert(Object... params) {
    Pending mine = new Pending(params);
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
        // Whoever holds the lock commits this row, or hands over to its owner when done.
        LockSupport.park(this);
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.id;
  }

  /**
   * After every turn: rows queued while the lock was held wake their owner, who takes the next
   * turn. A row queued after this look found its owner's own tryLock free, so none is left behind.
   */
  private void handOver() {
    Pending next = queue.peek();
    if (next != null) {
      LockSupport.unpark(next.owner);
    }
  }

  private void commitGroup() {
    List<Pending> group = new ArrayList<>();
    Pending next;
    while (group.size() < MAX_GROUP && (next = queue.poll()) != null) {
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      commit(group);
    } finally {
      for (Pending p : group) {
        if (!p.done) { // only if commit itself threw (an Error): nobody may wait forever
          p.fail(new IllegalStateException("the insert was not committed"));
        }
      }
    }
  }

  private void commit(List<Pending> group) {
    try {
      List<Object[]> params = new ArrayList<>(group.size());
      for (Pending p : group) {
        params.add(p.params);
      }
      long[] ids = rows.insert(params);
      for (int i = 0; i < ids.length; i++) {
        group.get(i).settle(ids[i]);
      }
    } catch (RuntimeException groupFailed) {
      if (group.size() == 1) {
        group.get(0).fail(groupFailed);
        return;
      }
      for (Pending p : group) {
        try {
          p.settle(rows.insert(List.<Object[]>of(p.params))[0]);
        } catch (RuntimeException e) {
          p.fail(e);
        }
      }
    }
  }

  private static final class Pending {
    final Object[] params;
    final Thread owner = Thread.currentThread();
    long id;
    RuntimeException failure;
    // Written after id or failure, read before them: the volatile orders the two.
    volatile boolean done;

    Pending(Object[] params) {
      this.params = params;
    }

    void settle(long id) {
      if (id == Jdbc.REFUSED) {
        fail(new Refused());
      } else {
        succeed(id);
      }
    }

    void succeed(long id) {
      this.id = id;
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
