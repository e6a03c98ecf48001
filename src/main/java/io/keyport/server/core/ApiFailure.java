package io.keyport.server.core;

import io.keyport.api.ErrorSlug;
import io.keyport.api.Problem;
import java.util.Optional;

/**
 * A request the rules refuse: the slug and a message for the user. The message must never hold a
 * secret; it goes to the client verbatim.
 */
public final class ApiFailure extends RuntimeException {
  private final ErrorSlug slug;
  private final long retryAfterSeconds;
  private final String field;

  public ApiFailure(ErrorSlug slug, String message) {
    this(slug, message, 0);
  }

  public ApiFailure(ErrorSlug slug, String message, long retryAfterSeconds) {
    this(slug, message, retryAfterSeconds, null);
  }

  private ApiFailure(ErrorSlug slug, String message, long retryAfterSeconds, String field) {
    super(message, null, false, false);
    this.slug = slug;
    this.retryAfterSeconds = retryAfterSeconds;
    this.field = field;
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

  /** The request's field this failure is about ({@code meta.error_field}), or null. */
  public String field() {
    return field;
  }

  /** {@code slug} about {@code field}: the message is {@code field: rule}. */
  public static ApiFailure about(ErrorSlug slug, String field, String rule) {
    return new ApiFailure(slug, field + ": " + rule, 0, field);
  }

  public static ApiFailure invalid(String field, String rule) {
    return about(ErrorSlug.INVALID_REQUEST, field, rule);
  }

  public static ApiFailure invalid(Problem problem) {
    return invalid(problem.field(), problem.message());
  }

  /** Refuses what a rule of {@code Rules} (api) found wrong. */
  public static void check(Optional<Problem> problem) {
    if (problem.isPresent()) {
      throw invalid(problem.get());
    }
  }

  public static ApiFailure notFound(String what) {
    return new ApiFailure(ErrorSlug.NOT_FOUND, what + " not found");
  }
}
