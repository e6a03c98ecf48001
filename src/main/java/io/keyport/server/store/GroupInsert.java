package io.keyport.server.store;

import java.util.ArrayList;
import java.util.List;

/**
 * One insert (a statement, or a row and its children) that many request threads run at once,
 * committed in groups by a {@link GroupCommit}: each caller returns the generated id of its own row
 * once that row is committed. A {@link Jdbc.RowGuard} runs first in each group's transaction; a row
 * it refuses fails its caller with {@link Refused}.
 */
final class GroupInsert {
  private final GroupCommit<Object[], Long> group;

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
    this.group =
        new GroupCommit<>(
            params -> {
              long[] ids = rows.insert(params);
              List<Long> out = new ArrayList<>(ids.length);
              for (long id : ids) {
                out.add(id);
              }
              return out;
            });
  }

  /** The guard refused the row: nothing was inserted. */
  static final class Refused extends RuntimeException {
    Refused() {
      super("the row was refused", null, false, false);
    }
  }

  /** Inserts the row and returns its generated {@code id} once it is committed. */
  long insert(Object... params) {
    long id = group.run(params);
    if (id == Jdbc.REFUSED) {
      throw new Refused();
    }
    return id;
  }
}
