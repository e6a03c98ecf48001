package io.keyport.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.keyport.api.Envelope;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Json;
import io.keyport.api.Meta;
import io.keyport.api.TokenFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The envelope for the errors Jetty answers itself, before a request reaches the routes: requests
 * that are not valid HTTP (a bad request line, an unknown {@code Expect}, headers too large) and
 * errors outside Javalin. Each gets an {@code error_id} and its log line, like every other error.
 * Jetty's reason is not echoed: it may quote what the client sent.
 */
final class JettyErrors extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger("io.keyport.server.requests");

  /** Built once: a mapper takes milliseconds to build, and these errors come per request. */
  private static final ObjectWriter WRITER = Json.mapper().writer();

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String errorId = UUID.randomUUID().toString();
    LOG.info("- (unreadable request) {} error_id={}", status, errorId);
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    SafetyHeaders.on(fields);
    return ByteBuffer.wrap(envelope(status, errorId));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    String errorId = UUID.randomUUID().toString();
    LOG.info(
        "{} {} {} error_id={}",
        request.getMethod(),
        TokenFormat.redact(request.getRequestURI()),
        code,
        errorId);
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    SafetyHeaders.on(response);
    response.getOutputStream().write(envelope(code, errorId));
  }

  static byte[] envelope(int status, String errorId) {
    ErrorSlug slug =
        switch (status) {
          case 404 -> ErrorSlug.NOT_FOUND;
          case 405 -> ErrorSlug.METHOD_NOT_ALLOWED;
          case 413 -> ErrorSlug.PAYLOAD_TOO_LARGE;
          case 415 -> ErrorSlug.UNSUPPORTED_MEDIA_TYPE;
          case 503 -> ErrorSlug.UNAVAILABLE;
          default -> status >= 500 ? ErrorSlug.SERVER_ERROR : ErrorSlug.INVALID_REQUEST;
        };
    String message =
        status >= 500
            ? "Something went wrong on the server; quote the error id when reporting it."
            : "The request could not be read as HTTP (status " + status + ").";
    try {
      return WRITER.writeValueAsBytes(
          new Envelope<>(Meta.error(status, slug.slug(), message, errorId), null));
    } catch (JsonProcessingException e) {
      return ("{\"meta\":{\"code\":" + status + "}}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
