package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code meta} of every envelope: the status, and for errors the message, slug and id, and the
 * field the error is about when it is about one ({@code name}, {@code callback_urls[1]}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Meta(
    int code,
    String errorMessage,
    String errorSlug,
    String errorId,
    String errorField,
    String minId,
    String maxId,
    Boolean more) {

  public static Meta ok(int code) {
    return new Meta(code, null, null, null, null, null, null, null);
  }

  public static Meta page(String minId, String maxId, boolean more) {
    return new Meta(200, null, null, null, null, minId, maxId, more);
  }

  public static Meta error(int code, String slug, String message, String errorId) {
    return error(code, slug, message, errorId, null);
  }

  /** {@code field}: the request's field the error is about, or null. */
  public static Meta error(int code, String slug, String message, String errorId, String field) {
    return new Meta(code, message, slug, errorId, field, null, null, null);
  }

  @JsonIgnore
  public boolean isError() {
    return errorSlug != null;
  }
}
