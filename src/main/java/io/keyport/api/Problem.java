package io.keyport.api;

/**
 * What a rule of {@link Rules} found wrong: the field as the wire names it ({@code name}, {@code
 * callback_urls[1]}) and a sentence for the person who typed it. The message never quotes a
 * password.
 */
public record Problem(String field, String message) {
  /** {@code field: message}, as the server's {@code error_message} says it. */
  public String describe() {
    return field + ": " + message;
  }
}
