package io.keyport.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Small JDBC helpers so each store reads as its SQL. Failures surface as {@link StoreException}.
 * Made by {@link Database#jdbc}, which knows how the database makes a commit durable.
 */
public final class Jdbc {
  private final DataSource dataSource;
  private final Consumer<WriteNotices.Scope> afterWrite;
  private final boolean checkpointWrites;
  private final boolean postgres;

  /**
   * {@code afterWrite} runs after every {@link #update} and every {@link #inTransaction}, committed
   * or not (the token cache forgets what it knows then), with the scope of what the write may have
   * changed ({@link WriteNotices.Scope#EVERYTHING} unless the store names a narrower one); an
   * {@link #insert} alone changes no row a reader may have remembered. On H2 ({@code postgres}
   * false) each commit is stored to the file and synced before returning, since H2's own commit
   * leaves that to its background writer.
   */
  Jdbc(DataSource dataSource, Consumer<WriteNotices.Scope> afterWrite, boolean postgres) {
    this.dataSource = dataSource;
    this.afterWrite = afterWrite;
    this.postgres = postgres;
    this.checkpointWrites = !postgres;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
    return inConnection(c -> list(c, sql, mapper, params));
  }

  public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = list(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public int update(String sql, Object... params) {
    try {
      return inConnection(c -> stored(c, update(c, sql, params)));
    } finally {
      afterWrite.accept(WriteNotices.Scope.EVERYTHING);
    }
  }

  public long insert(String sql, Object... params) {
    return inConnection(c -> stored(c, insert(c, sql, params)));
  }

  /**
   * An insert into a table without a generated {@code id}; like {@link #insert}, it changes no row
   * a reader may have remembered.
   */
  public void insertRow(String sql, Object... params) {
    inConnection(c -> stored(c, update(c, sql, params)));
  }

  /**
   * Runs one insert for each row of parameters, all in one transaction, and returns the generated
   * {@code id}s in the rows' order. Like {@link #insert}, it changes no row a reader may have
   * remembered, so {@code afterWrite} does not run.
   */
  public long[] insertAll(String sql, List<Object[]> rows) {
    return insertAll(sql, rows, (c, all) -> null);
  }

  /**
   * Decides, inside the inserting transaction and before any insert, which rows may go in (for
   * instance by locking the rows they refer to): null admits all, else one flag per row.
   */
  @FunctionalInterface
  public interface RowGuard {
    boolean[] admit(Connection c, List<Object[]> rows) throws SQLException;
  }

  /** The id {@link #insertAll(String, List, RowGuard)} gives a row its guard refused. */
  public static final long REFUSED = -1;

  /**
   * As {@link #insertAll(String, List)}, the rows {@code guard} refuses left out (id {@link
   * #REFUSED}).
   */
  public long[] insertAll(String sql, List<Object[]> rows, RowGuard guard) {
    return transaction(
        c -> {
          boolean[] admitted = guard.admit(c, rows);
          List<Object[]> kept = new ArrayList<>(rows.size());
          for (int i = 0; i < rows.size(); i++) {
            if (admitted == null || admitted[i]) {
              kept.add(rows.get(i));
            }
          }
          long[] keptIds = insertBatch(c, sql, kept);
          long[] ids = new long[rows.size()];
          for (int i = 0, k = 0; i < rows.size(); i++) {
            ids[i] = admitted == null || admitted[i] ? keptIds[k++] : REFUSED;
          }
          return ids;
        });
  }

  /**
   * Runs one update for each row of parameters, in the rows' order, all in one transaction; returns
   * how many rows changed. For writes no remembered lookup depends on (when a credential was last
   * used): {@code afterWrite} does not run, so the token cache keeps what it knows.
   */
  public int updateAllUnannounced(String sql, List<Object[]> rows) {
    return transaction(c -> updateBatch(c, sql, rows));
  }

  /** Whether the database is PostgreSQL (else H2). */
  public boolean isPostgres() {
    return postgres;
  }

  /**
   * The strongest lock that a row's key stays while this transaction runs, without making other
   * such locks wait: {@code for key share} on PostgreSQL (a delete, or {@code for update}, waits
   * for it); {@code for update} on H2, which has no shared row lock.
   */
  public String keyShareLock() {
    return postgres ? "for key share" : "for update";
  }

  /**
   * A row lock that one writer at a time holds, without making a key-share lock (a child row's
   * insert) wait: {@code for no key update} on PostgreSQL; {@code for update} on H2.
   */
  public String writerLock() {
    return postgres ? "for no key update" : "for update";
  }

  public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /** Runs an insert and returns the generated {@code id}. */
  public static long insert(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      bind(ps, params);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no generated id");
        }
        return keys.getLong(1);
      }
    }
  }

  /**
   * Runs one insert for each row of parameters as one JDBC batch; the generated {@code id}s in the
   * rows' order.
   */
  public static long[] insertBatch(Connection c, String sql, List<Object[]> rows)
      throws SQLException {
    long[] ids = new long[rows.size()];
    if (rows.isEmpty()) {
      return ids;
    }
    try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
      for (Object[] row : rows) {
        bind(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
      int n = 0;
      try (ResultSet keys = ps.getGeneratedKeys()) {
        while (n < ids.length && keys.next()) {
          ids[n++] = keys.getLong(1);
        }
      }
      if (n != ids.length) {
        throw new SQLException("expected " + ids.length + " generated ids, got " + n);
      }
      return ids;
    }
  }

  /** Runs one update for each row of parameters as one JDBC batch; how many rows changed. */
  public static int updateBatch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        bind(ps, row);
        ps.addBatch();
      }
      int changed = 0;
      for (int n : ps.executeBatch()) {
        changed += Math.max(n, 0);
      }
      return changed;
    }
  }

  public <T> T inConnection(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /** Runs the work in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(Work<T> work) {
    return inTransaction(WriteNotices.Scope.EVERYTHING, work);
  }

  /**
   * As {@link #inTransaction(Work)}, for a write that changes only what {@code scope} covers (a
   * message inserted or deleted): what the token cache remembers of other scopes is kept. Inserts
   * go through here too when the scope's lookups show what is not there yet (a page of messages
   * shows the newest): an insert alone is not announced.
   */
  public <T> T inTransaction(WriteNotices.Scope scope, Work<T> work) {
    try {
      return transaction(work);
    } finally {
      afterWrite.accept(scope);
    }
  }

  /**
   * Runs work that only inserts rows in one transaction. Like {@link #insert}, it changes no row a
   * reader may have remembered, so {@code afterWrite} does not run.
   */
  public <T> T insertsInTransaction(Work<T> work) {
    return transaction(work);
  }

  private <T> T transaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return stored(c, result);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  /**
   * On H2, what this connection committed (and whatever else is pending) is written to the file and
   * synced now: a commit that returned survives the process being killed and the power being cut.
   * Concurrent writers share the write: whoever comes second finds little left to store.
   */
  private <T> T stored(Connection c, T result) throws SQLException {
    if (checkpointWrites) {
      try (Statement s = c.createStatement()) {
        s.execute("checkpoint sync");
      }
    }
    return result;
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Instant instant) {
        ps.setTimestamp(i + 1, Timestamp.from(instant));
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  /** A database failure; its message carries the SQL state, never a bound value. */
  public static final class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
      super("database error (SQL state " + cause.getSQLState() + ")", cause);
    }

    public String sqlState() {
      return ((SQLException) getCause()).getSQLState();
    }

    /** True for a unique-constraint violation, on H2 and PostgreSQL alike. */
    public boolean isUniqueViolation() {
      return "23505".equals(sqlState());
    }

    /** True for a row naming a parent that does not exist (PostgreSQL 23503, H2 23506). */
    public boolean isMissingParent() {
      return "23503".equals(sqlState()) || "23506".equals(sqlState());
    }
  }
}
