package io.keyport.client;

/** The server answered something that is not the contract's JSON. */
public final class ResponseFormatException extends KeyportClientException {
  public ResponseFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
