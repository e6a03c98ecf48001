package io.keyport.server.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.keyport.api.Envelope;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Json;
import io.keyport.api.Meta;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.TokenFormat;
import io.keyport.server.core.ApiFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading App.net-style requests and writing enveloped answers. */
final class Exchange {
  static final String ERROR_ID = "keyport.errorId";
  private static final String CLIENT_GONE = "keyport.clientGone";
  private static final String ANSWERING_FAILURE = "keyport.answeringFailure";
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
  private static final ObjectWriter JSON = Json.mapper().writer();

  private Exchange() {}

  static void ok(Context ctx, Object data) {
    json(ctx, 200, Envelope.ok(data));
  }

  static <T> void page(Context ctx, Page<T> page) {
    json(
        ctx,
        200,
        new Envelope<List<T>>(Meta.page(page.minId(), page.maxId(), page.more()), page.items()));
  }

  /**
   * Answers {@code status} with {@code body} as JSON, the one way every JSON answer is written. The
   * bytes go to the response in one write, through Javalin's stream (which gzips what is large
   * enough, as {@code ctx.json} would have), not as a result Javalin copies through a fresh buffer
   * after the handler: that copy, and the String on the way to bytes, were the largest allocations
   * of a small answer (README, Performance).
   */
  static void json(Context ctx, int status, Object body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.status(status).contentType(ContentType.APPLICATION_JSON);
    try {
      ctx.outputStream().write(bytes);
    } catch (IOException e) {
      // The connection is gone (reset, closed, timed out) while the answer was written: there is no
      // one left to answer, so this ends the request. Thrown on, it reached the exception handlers,
      // whose error answer failed to write the same way, and Javalin handed that to them again
      // without end: a request thread spinning for good per reset connection.
      ctx.attribute(CLIENT_GONE, Boolean.TRUE);
    }
  }

  /** Whether the client went away before its answer was written ({@link #json}). */
  static boolean clientGone(Context ctx) {
    return ctx.attribute(CLIENT_GONE) != null;
  }

  /**
   * {@code handler} answering at most once per request: should an answer it writes fail by
   * throwing, Javalin hands that failure to the exception handlers in turn, and an answer that
   * fails every time would keep the request's thread in that loop for good (javalin/javalin#2422,
   * fixed upstream after the 6.4 this server is built on).
   */
  static <T extends Exception> ExceptionHandler<T> answeringOnce(ExceptionHandler<T> handler) {
    return (e, ctx) -> {
      if (ctx.attribute(ANSWERING_FAILURE) != null) {
        // e is the answer's own failure: what was written of it stands, else a bare 500.
        ctx.status(500);
        LOG.error("answering a failure failed, error_id={}", (Object) ctx.attribute(ERROR_ID), e);
        return;
      }
      ctx.attribute(ANSWERING_FAILURE, Boolean.TRUE);
      handler.handle(e, ctx);
    };
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
    json(
        ctx,
        slug.status(),
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
