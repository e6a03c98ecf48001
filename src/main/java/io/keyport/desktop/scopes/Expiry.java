package io.keyport.desktop.scopes;

/**
 * How long a generated token lives (UX.md 13): the server's {@code expires_in_days}, or no expiry.
 */
public enum Expiry {
  NONE("No expiry", null),
  WEEK("7 days", 7),
  MONTH("30 days", 30),
  QUARTER("90 days", 90),
  YEAR("A year", 365);

  private final String label;
  private final Integer days;

  Expiry(String label, Integer days) {
    this.label = label;
    this.days = days;
  }

  /** The {@code expires_in_days} to send: null for no expiry. */
  public Integer days() {
    return days;
  }

  @Override
  public String toString() {
    return label;
  }
}
