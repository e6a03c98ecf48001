package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A token, client secret or password in memory. Its {@code toString()} is masked so that a secret
 * held in a record, a log argument or an exception never prints; only {@link #reveal()} hands the
 * value over, and only code that means to send or show it calls that.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  @JsonCreator
  public static Secret of(String value) {
    return new Secret(value);
  }

  public static Secret of(char[] value) {
    return new Secret(new String(value));
  }

  /** The secret itself: for the wire, the keychain, or the one field that shows it. */
  @JsonValue
  public String reveal() {
    return value;
  }

  public int length() {
    return value.length();
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The last four characters, which Keyport shows so a user can tell tokens apart. */
  public String last4() {
    return value.length() <= 4 ? value : value.substring(value.length() - 4);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
