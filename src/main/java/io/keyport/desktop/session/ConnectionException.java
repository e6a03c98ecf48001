package io.keyport.desktop.session;

/**
 * Opening a session failed for a reason the user can act on; the message says it, as the UI shows
 * it.
 */
public final class ConnectionException extends Exception {
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
