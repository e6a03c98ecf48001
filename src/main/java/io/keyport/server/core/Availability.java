package io.keyport.server.core;

import io.keyport.server.store.Database;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether this server can serve now, for readiness checks ({@code GET /health/ready}): the database
 * answers within its timeout and, with other servers on it, their writes are heard. And whether a
 * failure is an outage of the database rather than a bug, for a 503 instead of a 500.
 */
public final class Availability {
  /** What a 503 asks the client to wait before trying again, in seconds. */
  public static final long RETRY_AFTER_SECONDS = 5;

  private final Database database;
  private final TokenCache cache;

  public Availability(Database database, TokenCache cache) {
    this.database = database;
    this.cache = cache;
  }

  /** What is wrong now, in words for an operator; empty when ready. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!database.answers()) {
      problems.add("the database does not answer");
    }
    if (!cache.listening()) {
      problems.add("not hearing other servers' writes (PostgreSQL LISTEN)");
    }
    return problems;
  }

  /**
   * True when {@code failure} says the database cannot be reached now (see {@link
   * Database#isUnreachable}).
   */
  public static boolean isOutage(Throwable failure) {
    return Database.isUnreachable(failure);
  }
}
