package io.keyport.server.http;

import io.javalin.http.Context;
import io.keyport.api.Envelope;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Meta;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.TokenFormat;
import io.keyport.server.core.ApiFailure;
import java.util.List;
import java.util.UUID;

/** Reading App.net-style requests and writing enveloped answers. */
final class Exchange {
  static final String ERROR_ID = "keyport.errorId";

  private Exchange() {}

  static void ok(Context ctx, Object data) {
    ctx.status(200).json(Envelope.ok(data));
  }

  static <T> void page(Context ctx, Page<T> page) {
    ctx.status(200)
        .json(
            new Envelope<List<T>>(
                Meta.page(page.minId(), page.maxId(), page.more()), page.items()));
  }

  /**
   * Writes the error envelope with a fresh {@code error_id}, kept on the context for the log line.
   * Whatever the message echoes of the request (a path, a value) has its tokens redacted.
   */
  static void error(Context ctx, ErrorSlug slug, String message) {
    error(ctx, slug, message, null);
  }

  /** {@code field}: the request's field the error is about ({@code meta.error_field}), or null. */
  static void error(Context ctx, ErrorSlug slug, String message, String field) {
    String errorId = UUID.randomUUID().toString();
    ctx.attribute(ERROR_ID, errorId);
    ctx.status(slug.status())
        .json(
            new Envelope<>(
                Meta.error(slug.status(), slug.slug(), TokenFormat.redact(message), errorId, field),
                null));
  }

  static void error(Context ctx, ApiFailure failure) {
    if (failure.status() == 401) {
      // RFC 6750 §3: a refused bearer token is challenged.
      ctx.header("WWW-Authenticate", "Bearer realm=\"keyport\", error=\"invalid_token\"");
    }
    if (failure.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(failure.retryAfterSeconds()));
    }
    error(ctx, failure.slug(), failure.getMessage(), failure.field());
  }

  static PageRequest pageRequest(Context ctx) {
    String countParam = ctx.queryParam("count");
    int count = PageRequest.DEFAULT_COUNT;
    if (countParam != null) {
      try {
        count = Integer.parseInt(countParam);
      } catch (NumberFormatException e) {
        throw ApiFailure.invalid(
            "count", "must be a whole number from 1 to " + PageRequest.MAX_COUNT);
      }
      if (count < 1 || count > PageRequest.MAX_COUNT) {
        throw ApiFailure.invalid(
            "count", "must be a whole number from 1 to " + PageRequest.MAX_COUNT);
      }
    }
    return new PageRequest(count, ctx.queryParam("before_id"), ctx.queryParam("since_id"));
  }
}
