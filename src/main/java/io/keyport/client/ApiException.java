package io.keyport.client;

import io.keyport.api.ErrorSlug;

/**
 * The server refused a request: its HTTP status, slug and message verbatim, and the {@code error_id}
 * to quote. For {@code /oauth/*} the slug is the RFC 6749 {@code error} and the message its
 * {@code error_description}.
 */
public class ApiException extends KeyportClientException {
  private final int status;
  private final String slug;
  private final String serverMessage;
  private final String errorId;
  private final long retryAfterSeconds;

  public ApiException(int status, String slug, String serverMessage, String errorId, long retryAfterSeconds) {
    super(serverMessage == null || serverMessage.isBlank()
        ? "The server answered " + status + (slug == null ? "" : " (" + slug + ")")
        : serverMessage);
    this.status = status;
    this.slug = slug;
    this.serverMessage = serverMessage;
    this.errorId = errorId;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** The error slug ({@code name-taken}) or, from {@code /oauth/*}, the OAuth {@code error}. */
  public String slug() {
    return slug;
  }

  /** The slug as a known one of the contract, or null. */
  public ErrorSlug knownSlug() {
    return ErrorSlug.fromSlug(slug);
  }

  public boolean is(ErrorSlug expected) {
    return expected.slug().equals(slug);
  }

  /** The server's own message, verbatim: the UI shows this. */
  public String serverMessage() {
    return serverMessage;
  }

  public String errorId() {
    return errorId;
  }

  /** For OAuth errors: the RFC 6749 {@code error}. */
  public String error() {
    return slug;
  }

  /** For OAuth errors: the RFC 6749 {@code error_description}. */
  public String errorDescription() {
    return serverMessage;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
