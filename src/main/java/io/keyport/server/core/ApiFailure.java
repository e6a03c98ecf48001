package io.keyport.server.core;

import io.keyport.api.ErrorSlug;

/**
 * A request the rules refuse: the slug and a message for the user. The message must never hold a
 * secret; it goes to the client verbatim.
 */
public final class ApiFailure extends RuntimeException {
  private final ErrorSlug slug;
  private final long retryAfterSeconds;

  public ApiFailure(ErrorSlug slug, String message) {
    this(slug, message, 0);
  }

  public ApiFailure(ErrorSlug slug, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.slug = slug;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorSlug slug() {
    return slug;
  }

  public int status() {
    return slug.status();
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiFailure invalid(String field, String rule) {
    return new ApiFailure(ErrorSlug.INVALID_REQUEST, field + ": " + rule);
  }

  public static ApiFailure notFound(String what) {
    return new ApiFailure(ErrorSlug.NOT_FOUND, what + " not found");
  }
}
