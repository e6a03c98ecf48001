package io.keyport.client;

import io.keyport.api.ErrorSlug;

/**
 * The server refused a request: its HTTP status, slug and message verbatim, the {@code error_id} to
 * quote and the field it is about ({@code meta.error_field}), when it names one. For {@code
 * /oauth/*} the slug is the RFC 6749 {@code error} and the message its {@code error_description}.
 */
public class ApiException extends KeyportClientException {
  private final int status;
  private final String slug;
  private final String serverMessage;
  private final String errorId;
  private final long retryAfterSeconds;
  private final String field;

  public ApiException(
      int status, String slug, String serverMessage, String errorId, long retryAfterSeconds) {
    this(status, slug, serverMessage, errorId, retryAfterSeconds, null);
  }

  public ApiException(
      int status,
      String slug,
      String serverMessage,
      String errorId,
      long retryAfterSeconds,
      String field) {
    super(
        serverMessage == null || serverMessage.isBlank()
            ? "The server answered " + status + (slug == null ? "" : " (" + slug + ")")
            : serverMessage);
    this.status = status;
    this.slug = slug;
    this.serverMessage = serverMessage;
    this.errorId = errorId;
    this.retryAfterSeconds = retryAfterSeconds;
    this.field = field;
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

  /** The request's field the server refused ({@code name}, {@code callback_urls[0]}), or null. */
  public String field() {
    return field;
  }

  /**
   * Whether the refusal is about {@code field} or one of its items ({@code callback_urls} for
   * {@code callback_urls[2]}).
   */
  public boolean isAbout(String field) {
    return this.field != null && (this.field.equals(field) || this.field.startsWith(field + "["));
  }

  /** The server's message without its leading {@code field: }, for showing beside that field. */
  public String messageForField() {
    String message = serverMessage == null ? getMessage() : serverMessage;
    if (field != null && message.startsWith(field + ": ")) {
      String rest = message.substring(field.length() + 2);
      return rest.isEmpty() ? message : Character.toUpperCase(rest.charAt(0)) + rest.substring(1);
    }
    return message;
  }
}
