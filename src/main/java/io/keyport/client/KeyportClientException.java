package io.keyport.client;

/** Any failure of a client call the UI can show; its message never holds a secret. */
public abstract class KeyportClientException extends RuntimeException {
  protected KeyportClientException(String message) {
    super(message);
  }

  protected KeyportClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
