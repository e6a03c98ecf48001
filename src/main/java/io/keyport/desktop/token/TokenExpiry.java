package io.keyport.desktop.token;

import io.keyport.desktop.fx.Styles;
import io.keyport.vault.VaultEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A kept token that expires within {@link #SOON} or has expired (UX.md 13), as the vault's index
 * says: what its badge reads, how many whole days it has left, and how long a renewed token lives.
 * No keychain access.
 */
public record TokenExpiry(VaultEntry entry, long daysLeft, boolean expired) {
  /** Tokens expiring within this are marked and named at launch. */
  public static final Duration SOON = Duration.ofDays(7);

  private static final Duration DAY = Duration.ofDays(1);

  /** {@code entry}'s expiry at {@code now}, if it expires within {@link #SOON} or has expired. */
  public static Optional<TokenExpiry> of(VaultEntry entry, Instant now) {
    Instant expiresAt = entry.expiresAt();
    if (expiresAt == null || entry.key().isSession()) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, expiresAt);
    if (left.compareTo(SOON) > 0) {
      return Optional.empty();
    }
    if (left.isNegative() || left.isZero()) {
      return Optional.of(new TokenExpiry(entry, 0, true));
    }
    // whole days, rounded up: a token made for 7 days reads "7 days" for its first day
    long days = left.plus(DAY).minusNanos(1).toDays();
    return Optional.of(new TokenExpiry(entry, days, false));
  }

  /** Those of {@code entries} that expire within {@link #SOON} or have expired, in their order. */
  public static List<TokenExpiry> soon(Collection<VaultEntry> entries, Instant now) {
    return entries.stream().flatMap(e -> of(e, now).stream()).toList();
  }

  /** The badge: "Expired", "Expires in 1 day", "Expires in 3 days". */
  public String badge() {
    if (expired) {
      return "Expired";
    }
    return "Expires in " + days();
  }

  /** The badge's style: {@link Styles#TOKEN_EXPIRED} or {@link Styles#TOKEN_EXPIRING}. */
  public String styleClass() {
    return expired ? Styles.TOKEN_EXPIRED : Styles.TOKEN_EXPIRING;
  }

  /** "Weather bot: expired", "Deploy: 3 days left": how the launch notification names it. */
  public String named() {
    return entry.appName() + (expired ? ": expired" : ": " + days() + " left");
  }

  /**
   * How long a renewed token lives, in the server's {@code expires_in_days}: as long as this one
   * was made for (created to expires, rounded to whole days, 1 to 365).
   */
  public int renewalDays() {
    Duration lifetime = Duration.between(entry.createdAt(), entry.expiresAt());
    long days = Math.round(lifetime.toMinutes() / (24.0 * 60));
    return (int) Math.max(1, Math.min(365, days));
  }

  /** The launch notification's title. */
  public static String noticeTitle(List<TokenExpiry> expiring) {
    return expiring.size() == 1 ? "A token expires soon" : "Tokens expire soon";
  }

  /**
   * The launch notification's text naming {@code expiring}, one a line ("Weather bot: 3 days left",
   * "Deploy: expired"), then what Renew does.
   */
  public static String notice(List<TokenExpiry> expiring) {
    String names = expiring.stream().map(TokenExpiry::named).collect(Collectors.joining("\n"));
    return names
        + "\nRenew gives "
        + (expiring.size() == 1 ? "it" : "each")
        + " a new token with the same scopes,\nkept in the keychain.";
  }

  private String days() {
    return daysLeft == 1 ? "1 day" : daysLeft + " days";
  }
}
