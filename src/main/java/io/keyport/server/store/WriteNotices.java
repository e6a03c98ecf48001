package io.keyport.server.store;

/**
 * How a server instance hears of the writes other instances make to a database they share, so that
 * what it remembers between requests (the token cache) can be forgotten in time. On H2 only one
 * process uses the database and there is nothing to hear: {@link #NONE}. On PostgreSQL, {@link
 * PostgresWriteNotices}.
 */
public interface WriteNotices extends AutoCloseable {
  /** Nothing to hear and nothing to tell: always healthy. */
  WriteNotices NONE =
      new WriteNotices() {
        @Override
        public void start(Runnable othersWrote) {}

        @Override
        public boolean healthy() {
          return true;
        }

        @Override
        public void announce() {}

        @Override
        public void close() {}
      };

  /** Starts listening; {@code othersWrote} runs whenever a write may have happened unheard. */
  void start(Runnable othersWrote);

  /**
   * True only while this instance is known to hear every other instance's writes within
   * milliseconds (checked often); while false, nothing remembered may be trusted.
   */
  boolean healthy();

  /** Tells the other instances that this one wrote. */
  void announce();

  @Override
  void close();
}
