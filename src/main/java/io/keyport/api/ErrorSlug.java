package io.keyport.api;

/** The error slugs of the contract, with their HTTP status. */
public enum ErrorSlug {
  INVALID_TOKEN("invalid-token", 401),
  TOKEN_EXPIRED("token-expired", 401),
  NOT_AUTHORIZED("not-authorized", 401),
  INSUFFICIENT_SCOPE("insufficient-scope", 403),
  /** The caller may see the object but not change it (e.g. post in a channel they do not edit). */
  FORBIDDEN("forbidden", 403),
  NOT_FOUND("not-found", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", 405),
  INVALID_REQUEST("invalid-request", 400),
  NAME_TAKEN("name-taken", 409),
  USERNAME_TAKEN("username-taken", 409),
  SIGNUP_CLOSED("signup-closed", 403),
  /** A password change whose {@code current_password} is not the account's password. */
  INVALID_PASSWORD("invalid-password", 403),
  VERSION_CONFLICT("version-conflict", 412),
  PRECONDITION_REQUIRED("precondition-required", 428),
  PAYLOAD_TOO_LARGE("payload-too-large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
  RATE_LIMITED("rate-limited", 429),
  TOKEN_IN_QUERY("token-in-query", 400),
  SERVER_ERROR("server-error", 500),
  UNAVAILABLE("unavailable", 503);

  private final String slug;
  private final int status;

  ErrorSlug(String slug, int status) {
    this.slug = slug;
    this.status = status;
  }

  public String slug() {
    return slug;
  }

  public int status() {
    return status;
  }

  public static ErrorSlug fromSlug(String slug) {
    for (ErrorSlug s : values()) {
      if (s.slug.equals(slug)) {
        return s;
      }
    }
    return null;
  }
}
