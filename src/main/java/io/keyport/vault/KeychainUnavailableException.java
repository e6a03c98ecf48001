package io.keyport.vault;

/**
 * The OS keychain cannot be used: no backend, a locked collection, or a call that hung. The message
 * says what is missing and how to get it.
 */
public final class KeychainUnavailableException extends Exception {
  public KeychainUnavailableException(String message) {
    super(message);
  }

  public KeychainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
