package io.keyport.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import io.keyport.api.Json;
import io.keyport.server.core.ApiFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON request body read field by field, so that malformed JSON or a wrong type is a 400
 * {@code invalid-request} naming the field, never a 500. Messages never quote the body: it may
 * hold a password.
 */
final class JsonBody {
  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final JsonNode node;

  private JsonBody(JsonNode node) {
    this.node = node;
  }

  /** The body as a JSON object; an empty body is an empty object. */
  static JsonBody of(Context ctx) {
    byte[] bytes = bytes(ctx);
    if (bytes.length == 0) {
      return new JsonBody(JsonNodeFactory.instance.objectNode());
    }
    JsonNode node;
    try {
      node = READER.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiFailure.invalid("body", "is not valid JSON" + where);
    } catch (IOException e) {
      throw ApiFailure.invalid("body", "could not be read");
    }
    if (node == null || node.isMissingNode()) {
      return new JsonBody(JsonNodeFactory.instance.objectNode());
    }
    if (!node.isObject()) {
      throw ApiFailure.invalid("body", "must be a JSON object");
    }
    return new JsonBody(node);
  }

  /**
   * The raw body: 413 past the size limit, 400 {@code invalid-request} when the body cannot be
   * read (e.g. broken chunked encoding) — never a 500.
   */
  static byte[] bytes(Context ctx) {
    try {
      return ctx.bodyAsBytes();
    } catch (Exception e) { // Javalin (Kotlin) lets Jetty's IOExceptions through unchecked
      if (BodyLimit.isTooLarge(e)) {
        throw BodyLimit.tooLarge();
      }
      throw ApiFailure.invalid("body", "could not be read (broken transfer encoding?)");
    }
  }

  boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  /** A string field, or null when absent or null. */
  String string(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiFailure.invalid(field, "must be a string");
    }
    return v.textValue();
  }

  /** A list of strings, or null when absent or null. */
  List<String> strings(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw ApiFailure.invalid(field, "must be a list of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        throw ApiFailure.invalid(field + "[" + i + "]", "must be a string");
      }
      out.add(item.textValue());
    }
    return out;
  }

  /** A whole number that fits an int, or null when absent or null. */
  Integer integer(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiFailure.invalid(field, "must be a whole number");
    }
    return v.intValue();
  }
}
