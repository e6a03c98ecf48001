package io.keyport.desktop.detail;

import io.keyport.api.ClientSecretInfo;
import io.keyport.desktop.fx.Dates;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The secret block's view of an app's live client secrets (UX.md 12): how long the old secret keeps
 * working after Rotate, and one row per live secret — last four, created, last used, and for the
 * old one when it stops working and Retire now. Never the secret itself.
 */
public final class LiveSecrets {
  private LiveSecrets() {}

  /** How long the old secret keeps working after Rotate: the server's {@code overlap_hours}. */
  public enum Overlap {
    AT_ONCE("At once", 0),
    ONE_HOUR("1 hour", 1),
    ONE_DAY("24 hours", 24),
    ONE_WEEK("7 days", 168);

    private final String label;
    private final int hours;

    Overlap(String label, int hours) {
      this.label = label;
      this.hours = hours;
    }

    public int hours() {
      return hours;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * One live secret as a row shows it; {@code retirable}: the old one, which Retire now ends early.
   */
  public record Row(String id, String ending, String details, String state, boolean retirable) {}

  /** The rows, the current secret first, then the older ones, newest first. */
  public static List<Row> rows(List<ClientSecretInfo> secrets) {
    return secrets.stream()
        .sorted(
            Comparator.comparing((ClientSecretInfo s) -> s.expiresAt() != null)
                .thenComparing(
                    ClientSecretInfo::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
        .map(LiveSecrets::row)
        .toList();
  }

  static Row row(ClientSecretInfo secret) {
    String details =
        "created "
            + Dates.format(secret.createdAt())
            + " · last used "
            + Dates.lastUsed(secret.lastUsedAt());
    boolean old = secret.expiresAt() != null;
    String state = old ? "stops working at " + Dates.format(secret.expiresAt()) : "current";
    return new Row(secret.id(), "…" + secret.last4(), details, state, old);
  }

  /** What the banner says once Rotate made the new secret. */
  public static String rotated(Overlap overlap, Instant now) {
    if (overlap.hours() == 0) {
      return "New client secret made; the old one no longer works. Reveal or Copy it.";
    }
    return "New client secret made. The old one keeps working until "
        + Dates.format(now.plus(Duration.ofHours(overlap.hours())))
        + ": give your programs the new one, then Retire now the old one.";
  }
}
