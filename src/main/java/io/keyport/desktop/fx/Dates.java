package io.keyport.desktop.fx;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** How the desktop shows a credential's dates: created, last used, expires. */
public final class Dates {
  /** A date and time in the user's zone and locale. */
  public static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private Dates() {}

  /** {@code at} as a date and time; "" when null. */
  public static String format(Instant at) {
    return at == null ? "" : DATE_TIME.format(at);
  }

  /** When a token or secret was last used: its date and time, or "never" when it has not been. */
  public static String lastUsed(Instant at) {
    return at == null ? "never" : DATE_TIME.format(at);
  }
}
