package io.keyport.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

/** The server could not be reached, or did not answer in time. The message names the URL. */
public final class ServerUnreachableException extends KeyportClientException {
  private final URI baseUrl;
  private final boolean timedOut;

  public ServerUnreachableException(URI baseUrl, Throwable cause) {
    this(baseUrl, cause, KeyportClient.CONNECT_TIMEOUT, KeyportClient.RESPONSE_TIMEOUT);
  }

  ServerUnreachableException(
      URI baseUrl, Throwable cause, Duration connectTimeout, Duration responseTimeout) {
    super(
        "Cannot reach the Keyport server at "
            + baseUrl
            + ": "
            + describe(cause, connectTimeout, responseTimeout)
            + ".",
        cause);
    this.baseUrl = baseUrl;
    this.timedOut = cause instanceof SocketTimeoutException;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** True when the server was reached (or was being reached) but did not answer in time. */
  public boolean timedOut() {
    return timedOut;
  }

  private static String describe(
      Throwable cause, Duration connectTimeout, Duration responseTimeout) {
    if (cause instanceof ConnectTimeoutException) {
      return "no connection within " + seconds(connectTimeout);
    }
    if (cause instanceof SocketTimeoutException) {
      return "no answer within " + seconds(responseTimeout);
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host";
    }
    if (cause instanceof NoRouteToHostException) {
      return "no route to the host";
    }
    if (cause instanceof ConnectException) {
      return "connection refused (is the server running?)";
    }
    if (cause instanceof NoHttpResponseException) {
      return "the server closed the connection without answering";
    }
    if (cause instanceof SSLException) {
      return "the TLS handshake failed";
    }
    return "the connection failed (" + cause.getClass().getSimpleName() + ")";
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
