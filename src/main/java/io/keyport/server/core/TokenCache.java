package io.keyport.server.core;

import io.keyport.api.Token;
import io.keyport.server.store.AppStore.ClientRow;
import io.keyport.server.store.TokenStore.TokenRow;
import io.keyport.server.store.WriteNotices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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
 */
public final class TokenCache implements AutoCloseable {
  /** A bound on memory: past it, the cache starts again empty. */
  static final int MAX_ENTRIES = 20_000;

  /** The longest a remembered lookup is used, counted from when its lookup began. */
  public static final Duration MAX_AGE = Duration.ofSeconds(5);

  /** A value and when the lookup that found it began ({@link #ticker}). */
  private record Kept<V>(V value, long readAt) {}

  private final Map<String, Kept<TokenRow>> rows = new ConcurrentHashMap<>();
  private final Map<Long, Kept<Token>> described = new ConcurrentHashMap<>();
  private final Map<String, Kept<ClientRow>> clients = new ConcurrentHashMap<>();

  /** Every map above and each {@link Remembered}'s: all forgotten at once. */
  private final List<Map<?, ?>> all = new CopyOnWriteArrayList<>(List.of(rows, described, clients));

  /** When everything was last forgotten: a lookup that began before then is not remembered. */
  private final AtomicLong forgotAt;

  private final boolean enabled;
  private final WriteNotices notices;
  private final LongSupplier ticker;

  TokenCache(boolean enabled, WriteNotices notices, LongSupplier ticker) {
    this.enabled = enabled;
    this.notices = notices;
    this.ticker = ticker;
    this.forgotAt = new AtomicLong(ticker.getAsLong());
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
    return usable() ? fresh(rows.get(tokenHash)) : null;
  }

  /** What to pass to {@link #remember}: read it before the lookup. */
  long generation() {
    return ticker.getAsLong();
  }

  /** Remembers a live row looked up from {@code seen} on; a write since then wins. */
  void remember(String tokenHash, TokenRow row, long seen) {
    if (row.revokedAt() == null) {
      keep(rows, tokenHash, row, seen);
    }
  }

  Token describe(long tokenId, Supplier<Token> lookup) {
    return remembered(described, tokenId, lookup);
  }

  /**
   * The client with this client id (its secret's MAC with it); an unknown one is not remembered.
   */
  Optional<ClientRow> client(String clientId, Supplier<Optional<ClientRow>> lookup) {
    return Optional.ofNullable(remembered(clients, clientId, () -> lookup.get().orElse(null)));
  }

  /**
   * A lookup remembered by key, under the same rules as tokens: used only while the notices are
   * healthy and for at most {@link #MAX_AGE}, forgotten on every write here or heard of. Nothing
   * found is not remembered (an insert alone is not announced, so it is seen at once), unless the
   * kind was made by {@link #rememberingAbsence}.
   */
  public final class Remembered<K, V> {
    private final Map<K, Kept<Optional<V>>> map = new ConcurrentHashMap<>();
    private final boolean absence;

    private Remembered(boolean absence) {
      this.absence = absence;
    }

    /** What {@code lookup} finds for {@code key}, remembered or looked up now. */
    public Optional<V> get(K key, Supplier<Optional<V>> lookup) {
      Optional<V> found =
          remembered(
              map,
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
    return kind(new Remembered<>(false));
  }

  /**
   * As {@link #remembering}, and that nothing was found is remembered too: only for rows whose
   * every insert is a write that makes the cache forget after its commit ({@code
   * Jdbc.inTransaction}), so that no instance goes on believing a row absent once it is there.
   */
  public <K, V> Remembered<K, V> rememberingAbsence() {
    return kind(new Remembered<>(true));
  }

  private <K, V> Remembered<K, V> kind(Remembered<K, V> kind) {
    all.add(kind.map);
    return kind;
  }

  private <K, V> V remembered(Map<K, Kept<V>> map, K key, Supplier<V> lookup) {
    V known = usable() ? fresh(map.get(key)) : null;
    if (known != null) {
      return known;
    }
    long seen = ticker.getAsLong();
    V value = lookup.get();
    keep(map, key, value, seen);
    return value;
  }

  private boolean usable() {
    return enabled && notices.healthy();
  }

  private <V> V fresh(Kept<V> kept) {
    return kept != null && ticker.getAsLong() - kept.readAt() < MAX_AGE.toNanos()
        ? kept.value()
        : null;
  }

  /**
   * Remembers a value looked up from {@code seen} on; a write since then wins. Nothing found (null)
   * is not remembered, nor anything while the notices are not healthy.
   */
  private <K, V> void keep(Map<K, Kept<V>> map, K key, V value, long seen) {
    if (value == null || !usable()) {
      return;
    }
    if (map.size() >= MAX_ENTRIES) {
      map.clear();
    }
    Kept<V> kept = new Kept<>(value, seen);
    map.put(key, kept);
    if (forgotAt.get() - seen >= 0) {
      map.remove(key, kept);
    }
  }

  /** Forgets everything: called after every write, and tells the other servers. */
  public void forgetAll() {
    forgetHere();
    notices.announce();
  }

  private void forgetHere() {
    // The time first: a lookup that remembers after the clearing sees it and takes its entry back.
    long now = ticker.getAsLong();
    forgotAt.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
    for (Map<?, ?> map : all) {
      map.clear();
    }
  }

  /** Stops listening (before the database closes). */
  @Override
  public void close() {
    notices.close();
  }
}
