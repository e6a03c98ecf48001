package io.keyport.server.store;

import java.util.function.Consumer;

/**
 * How a server instance hears of the writes other instances make to a database they share, so that
 * what it remembers between requests (the token cache) can be forgotten in time. On H2 only one
 * process uses the database and there is nothing to hear: {@link #NONE}. On PostgreSQL, {@link
 * PostgresWriteNotices}.
 */
public interface WriteNotices extends AutoCloseable {
  /**
   * What a write may have changed, so what those who hear of it forget: {@link #EVERYTHING}, or
   * only the lookups of one narrower scope (a write of that scope changes nothing else anyone
   * remembers). Another scope can be added here: an instance that does not know it (an older one,
   * or one that hears a name it does not know) forgets everything, which is always safe.
   */
  enum Scope {
    /** Anything: every remembered lookup is forgotten. Announced without a payload. */
    EVERYTHING(""),
    /** A channel's messages only (inserted or deleted): the remembered pages of messages. */
    MESSAGES("messages"),
    /**
     * Tokens only (issued, or revoked by the exchange of a code, its reuse or the per-user limit):
     * the remembered token rows and descriptions; clients, accounts, apps, sessions, consents and
     * channels stay remembered.
     */
    TOKENS("tokens");

    private final String payload;

    Scope(String payload) {
      this.payload = payload;
    }

    /** The name a notice carries for this scope; empty for {@link #EVERYTHING}. */
    public String payload() {
      return payload;
    }

    /** The scope a notice's payload names; none, or one not known here, is {@link #EVERYTHING}. */
    public static Scope heard(String payload) {
      for (Scope s : values()) {
        if (!s.payload.isEmpty() && s.payload.equals(payload)) {
          return s;
        }
      }
      return EVERYTHING;
    }
  }

  /** Nothing to hear and nothing to tell: always healthy. */
  WriteNotices NONE =
      new WriteNotices() {
        @Override
        public void start(Consumer<Scope> othersWrote) {}

        @Override
        public boolean healthy() {
          return true;
        }

        @Override
        public void announce(Scope scope) {}

        @Override
        public void close() {}
      };

  /**
   * Starts listening; {@code othersWrote} runs with the scope of each write heard, and with {@link
   * Scope#EVERYTHING} whenever writes may have happened unheard.
   */
  void start(Consumer<Scope> othersWrote);

  /**
   * True only while this instance is known to hear every other instance's writes within
   * milliseconds (checked often); while false, nothing remembered may be trusted.
   */
  boolean healthy();

  /** Tells the other instances that this one wrote, and what that write may have changed. */
  void announce(Scope scope);

  @Override
  void close();
}
