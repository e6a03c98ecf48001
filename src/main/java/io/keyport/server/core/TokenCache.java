package io.keyport.server.core;

import io.keyport.api.Token;
import io.keyport.server.store.AppStore.ClientRow;
import io.keyport.server.store.TokenStore.TokenRow;
import io.keyport.server.store.WriteNotices;
import io.keyport.server.store.WriteNotices.Scope;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Token lookups remembered between requests, so that a request with a known bearer token costs no
 * query; likewise the client a client-credentials grant authenticates, and what the read paths ask
 * for on every request ({@link #remembering}: accounts, apps, browser sessions, consents,
 * channels). Only live tokens are remembered (a revoked one is looked up every time), expiry is
 * checked against the clock on every use, and everything is forgotten on every write to the
 * database that could revoke a token or change what it describes ({@link #forgetAll}, which the
 * store layer calls after each update and each transaction, before the answer goes out).
 *
 * <p>Other servers may share the database (PostgreSQL): each write is also announced to them, and
 * what they announce is forgotten here ({@link WriteNotices}); a token revoked through another
 * server is then refused here milliseconds after that server's commit. While the notices are not
 * known to be healthy nothing remembered is used: every lookup goes to the database. And whatever
 * happens to them, nothing is used longer than {@link #MAX_AGE} after it was read: a revocation, a
 * rotated secret or a deleted app is honoured by every server within that.
 *
 * <p>A kind may also belong to a narrower {@link Scope} ({@link #remembering(Scope, ToLongFunction,
 * long)}): it is forgotten on every write as above, and also on the writes of its scope ({@link
 * #forget}), which leave every other kind remembered. Pages of messages are such a kind: a message
 * inserted or deleted forgets them here and on every other server, and nothing else. Tokens are
 * another: a code exchange forgets the remembered tokens, and the clients it authenticates stay
 * remembered.
 */
public final class TokenCache implements AutoCloseable {
  /** A bound on memory: past it, a kind starts again empty. */
  static final int MAX_ENTRIES = 20_000;

  /** The longest a remembered lookup is used, counted from when its lookup began. */
  public static final Duration MAX_AGE = Duration.ofSeconds(5);

  /** A value, when the lookup that found it began ({@link #ticker}), and what it weighs. */
  private record Kept<V>(V value, long readAt, long weight) {}

  /**
   * The kinds forgotten together by the writes of one scope, and when they were last forgotten: a
   * lookup of theirs that began before then is not remembered.
   */
  private static final class Forgetting {
    final AtomicLong at;
    final List<Kind<?, ?>> kinds = new CopyOnWriteArrayList<>();

    Forgetting(long now) {
      at = new AtomicLong(now);
    }

    boolean since(long seen) {
      return at.get() - seen >= 0;
    }

    void mark(long now) {
      at.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
    }

    void clear() {
      for (Kind<?, ?> kind : kinds) {
        kind.clear();
      }
    }
  }

  /** Per scope; {@link Scope#EVERYTHING}'s writes forget every scope's kinds too. */
  private final Map<Scope, Forgetting> scopes = new EnumMap<>(Scope.class);

  private final Forgetting everything;
  private final Kind<String, TokenRow> rows;
  private final Kind<Long, Token> described;
  private final Kind<String, ClientRow> clients;

  private final boolean enabled;
  private final WriteNotices notices;
  private final LongSupplier ticker;

  TokenCache(boolean enabled, WriteNotices notices, LongSupplier ticker) {
    this.enabled = enabled;
    this.notices = notices;
    this.ticker = ticker;
    long now = ticker.getAsLong();
    for (Scope scope : Scope.values()) {
      scopes.put(scope, new Forgetting(now));
    }
    this.everything = scopes.get(Scope.EVERYTHING);
    this.rows = kind(Scope.TOKENS, null, MAX_ENTRIES);
    this.described = kind(Scope.TOKENS, null, MAX_ENTRIES);
    this.clients = kind(Scope.EVERYTHING, null, MAX_ENTRIES);
  }

  /** For a database only this process uses (H2 in a data folder: H2 locks the file). */
  public static TokenCache local() {
    return new TokenCache(true, WriteNotices.NONE, System::nanoTime);
  }

  /** Remembers nothing. */
  public static TokenCache none() {
    return new TokenCache(false, WriteNotices.NONE, System::nanoTime);
  }

  /**
   * For a database other servers may share: remembers only while {@code notices} are healthy, and
   * announces this server's writes through them.
   */
  public static TokenCache shared(WriteNotices notices) {
    TokenCache cache = new TokenCache(true, notices, System::nanoTime);
    notices.start(cache::forgetHere);
    return cache;
  }

  /** Whether this server hears the other servers' writes now (always, when there are none). */
  public boolean listening() {
    return notices.healthy();
  }

  /** The row remembered for this token hash, or null. */
  TokenRow row(String tokenHash) {
    return rows.known(tokenHash);
  }

  /** What to pass to {@link #remember}: read it before the lookup. */
  long generation() {
    return ticker.getAsLong();
  }

  /** Remembers a live row looked up from {@code seen} on; a write since then wins. */
  void remember(String tokenHash, TokenRow row, long seen) {
    if (row.revokedAt() == null) {
      rows.keep(tokenHash, row, seen);
    }
  }

  Token describe(long tokenId, Supplier<Token> lookup) {
    return described.get(tokenId, lookup);
  }

  /**
   * The client with this client id (its secret's MAC with it); an unknown one is not remembered.
   */
  Optional<ClientRow> client(String clientId, Supplier<Optional<ClientRow>> lookup) {
    return Optional.ofNullable(clients.get(clientId, () -> lookup.get().orElse(null)));
  }

  /**
   * A lookup remembered by key, under the same rules as tokens: used only while the notices are
   * healthy and for at most {@link #MAX_AGE}, forgotten on every write here or heard of (and on
   * those of its scope, if it has one). Nothing found is not remembered (an insert alone is not
   * announced, so it is seen at once), unless the kind was made by {@link #rememberingAbsence}.
   */
  public final class Remembered<K, V> {
    private final Kind<K, Optional<V>> kind;
    private final boolean absence;

    private Remembered(Kind<K, Optional<V>> kind, boolean absence) {
      this.kind = kind;
      this.absence = absence;
    }

    /** What {@code lookup} finds for {@code key}, remembered or looked up now. */
    public Optional<V> get(K key, Supplier<Optional<V>> lookup) {
      Optional<V> found =
          kind.get(
              key,
              () -> {
                Optional<V> value = lookup.get();
                return value.isPresent() || absence ? value : null;
              });
      return found == null ? Optional.empty() : found;
    }
  }

  /** A new kind of remembered lookup (one per kind, made when its owner is). */
  public <K, V> Remembered<K, V> remembering() {
    return new Remembered<>(kind(Scope.EVERYTHING, null, MAX_ENTRIES), false);
  }

  /**
   * As {@link #remembering}, and that nothing was found is remembered too: only for rows whose
   * every insert is a write that makes the cache forget after its commit ({@code
   * Jdbc.inTransaction}), so that no instance goes on believing a row absent once it is there.
   */
  public <K, V> Remembered<K, V> rememberingAbsence() {
    return new Remembered<>(kind(Scope.EVERYTHING, null, MAX_ENTRIES), true);
  }

  /**
   * As {@link #remembering}, also forgotten on every write of {@code scope} ({@link #forget}): for
   * lookups that only such writes change, every insert included (a page of messages shows the
   * newest). A value weighs {@code weight}; past {@code budget} in all (or {@link #MAX_ENTRIES}
   * values), the kind starts again empty, and a value heavier than that is not remembered.
   */
  public <K, V> Remembered<K, V> remembering(Scope scope, ToLongFunction<V> weight, long budget) {
    ToLongFunction<Optional<V>> weighs =
        found -> found.isEmpty() ? 1 : weight.applyAsLong(found.get());
    return new Remembered<>(kind(scope, weighs, budget), false);
  }

  private <K, V> Kind<K, V> kind(Scope scope, ToLongFunction<V> weight, long budget) {
    Forgetting forgetting = scopes.get(scope);
    Kind<K, V> kind = new Kind<>(forgetting, weight, budget);
    forgetting.kinds.add(kind);
    return kind;
  }

  /** One kind's remembered values, forgotten with the kinds of its scope. */
  private final class Kind<K, V> {
    private final Map<K, Kept<V>> map = new ConcurrentHashMap<>();
    private final Forgetting scope;
    private final ToLongFunction<V> weight; // null: each weighs 1
    private final long budget;
    private final AtomicLong weighed = new AtomicLong();

    Kind(Forgetting scope, ToLongFunction<V> weight, long budget) {
      this.scope = scope;
      this.weight = weight;
      this.budget = budget;
    }

    /** The value remembered for {@code key} and still usable, or null. */
    V known(K key) {
      if (!usable()) {
        return null;
      }
      Kept<V> kept = map.get(key);
      return kept != null && ticker.getAsLong() - kept.readAt() < MAX_AGE.toNanos()
          ? kept.value()
          : null;
    }

    V get(K key, Supplier<V> lookup) {
      V known = known(key);
      if (known != null) {
        return known;
      }
      long seen = ticker.getAsLong();
      V value = lookup.get();
      keep(key, value, seen);
      return value;
    }

    /**
     * Remembers a value looked up from {@code seen} on; a write since then wins. Nothing found
     * (null) is not remembered, nor anything while the notices are not healthy.
     */
    void keep(K key, V value, long seen) {
      if (value == null || !usable()) {
        return;
      }
      long w = weight == null ? 1 : weight.applyAsLong(value);
      if (w > budget) {
        return;
      }
      if (map.size() >= MAX_ENTRIES || weighed.addAndGet(w) > budget) {
        clear();
        weighed.addAndGet(w);
      }
      Kept<V> kept = new Kept<>(value, seen, w);
      Kept<V> replaced = map.put(key, kept);
      if (replaced != null) {
        unweigh(replaced.weight());
      }
      if ((everything.since(seen) || scope.since(seen)) && map.remove(key, kept)) {
        unweigh(w);
      }
    }

    /** Never below nothing, though a clearing may have come between (the bound is approximate). */
    private void unweigh(long w) {
      weighed.accumulateAndGet(w, (total, less) -> Math.max(0, total - less));
    }

    void clear() {
      map.clear();
      weighed.set(0);
    }
  }

  private boolean usable() {
    return enabled && notices.healthy();
  }

  /** Forgets everything: called after every write, and tells the other servers. */
  public void forgetAll() {
    forget(Scope.EVERYTHING);
  }

  /**
   * Forgets what a write of {@code scope} may have changed (everything, for {@link
   * Scope#EVERYTHING}; else that scope's kinds only), and tells the other servers.
   */
  public void forget(Scope scope) {
    forgetHere(scope);
    notices.announce(scope);
  }

  private void forgetHere(Scope scope) {
    // The time first: a lookup that remembers after the clearing sees it and takes its entry back.
    long now = ticker.getAsLong();
    Forgetting forgetting = scopes.get(scope);
    forgetting.mark(now);
    if (scope == Scope.EVERYTHING) {
      for (Forgetting each : scopes.values()) {
        each.clear();
      }
    } else {
      forgetting.clear();
    }
  }

  /** Stops listening (before the database closes). */
  @Override
  public void close() {
    notices.close();
  }
}
