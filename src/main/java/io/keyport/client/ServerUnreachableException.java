package io.keyport.client;

import java.net.URI;

/** The server could not be reached, or did not answer in time. */
public final class ServerUnreachableException extends KeyportClientException {
  private final URI baseUrl;

  public ServerUnreachableException(URI baseUrl, Throwable cause) {
    super("Cannot reach the Keyport server at " + baseUrl + " (" + describe(cause) + ")", cause);
    this.baseUrl = baseUrl;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  private static String describe(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    if (name.contains("Timeout")) {
      return "timed out";
    }
    if (name.contains("Connect") || name.contains("NoRoute")) {
      return "connection refused";
    }
    return name;
  }
}
