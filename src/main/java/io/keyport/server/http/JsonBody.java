package io.keyport.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.http.Context;
import io.keyport.api.Annotation;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Json;
import io.keyport.api.Rules;
import io.keyport.server.core.ApiFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body read field by field, so that malformed JSON or a wrong type is a 400 {@code
 * invalid-request} naming the field, never a 500. Strict: bytes that are not UTF-8, a string with
 * an unpaired surrogate and a key given twice are refused, never stored as something else or
 * decided by "the last one wins". Messages never quote the body: it may hold a password.
 */
final class JsonBody {
  /** A body of at most this many bytes (by its Content-Length) is read in one piece. */
  private static final int SMALL_BODY = 4096;

  private static final ObjectReader READER =
      Json.mapper()
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final JsonNode node;
  private final String path;

  private JsonBody(JsonNode node) {
    this(node, "");
  }

  private JsonBody(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The field's name as the error names it: {@code readers.user_ids} inside {@code readers}. */
  private String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /**
   * The body as a JSON object; an empty body is an empty object. A body must be declared {@code
   * Content-Type: application/json}, else 415 {@code unsupported-media-type}: a cross-site HTML
   * form can only send {@code text/plain}, form or multipart bodies, so it cannot sign anyone up or
   * change anything here.
   */
  static JsonBody of(Context ctx) {
    String type = ctx.contentType();
    byte[] bytes = bytes(ctx);
    if (type == null ? bytes.length > 0 : !isJson(type)) {
      throw new ApiFailure(
          ErrorSlug.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type: must be application/json (the body is JSON)");
    }
    if (bytes.length == 0) {
      return new JsonBody(JsonNodeFactory.instance.objectNode());
    }
    JsonNode node;
    try {
      node = READER.readTree(StrictText.utf8Marked(bytes));
    } catch (JsonProcessingException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw ApiFailure.invalid(duplicate, "is given twice; give each field once");
      }
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
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
    checkText(node, "");
    return new JsonBody(node);
  }

  /** {@code application/json}, with parameters (a charset) or without, in any case. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return media.equalsIgnoreCase("application/json");
  }

  /**
   * Refuses a string or key anywhere in the body (read or not) that is not well-formed Unicode: a
   * JSON escape of a lone surrogate ({@code "x\ud800"}), or bytes that were not UTF-8.
   */
  private static void checkText(JsonNode node, String path) {
    if (node.isTextual()) {
      ApiFailure.check(Rules.text(path, node.textValue()));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkText(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        boolean badKey = Rules.text("", field.getKey()).isPresent();
        String at =
            badKey
                ? (path.isEmpty() ? "body" : path)
                : (path.isEmpty() ? "" : path + ".") + field.getKey();
        if (badKey) {
          throw ApiFailure.invalid(at, "has a key that is not valid Unicode");
        }
        checkText(field.getValue(), at);
      }
    }
  }

  /**
   * The path of the key Jackson found twice ({@code callback_urls}, {@code a.b}), or null for
   * another error.
   */
  private static String duplicateKey(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)
        || e.getOriginalMessage() == null
        || !e.getOriginalMessage().startsWith("Duplicate field")) {
      return null;
    }
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = parser.getParsingContext();
        c != null && !c.inRoot();
        c = c.getParent()) {
      String part = c.inObject() ? c.getCurrentName() : "[" + c.getCurrentIndex() + "]";
      if (path.length() > 0 && c.inObject()) {
        path.insert(0, '.');
      }
      path.insert(0, part);
    }
    String field = path.toString();
    return field.isEmpty()
            || field.length() > 64
            || !field.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)
        ? "body"
        : field;
  }

  /**
   * The raw body: 413 past the size limit, 400 {@code invalid-request} when the body cannot be read
   * (e.g. broken chunked encoding) — never a 500.
   */
  static byte[] bytes(Context ctx) {
    try {
      long declared = ctx.req().getContentLengthLong();
      if (declared >= 0 && declared <= SMALL_BODY) {
        // Javalin's bodyAsBytes reads through two 8 KiB buffers whatever the size: for the
        // ~200-byte form of an introspection that was 41% of what a request allocated.
        byte[] body = ctx.req().getInputStream().readNBytes((int) declared);
        if (body.length < declared) {
          throw new IOException("the body ended before its Content-Length");
        }
        return body;
      }
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
      throw ApiFailure.invalid(at(field), "must be a string");
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
      throw ApiFailure.invalid(at(field), "must be a list of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        throw ApiFailure.invalid(at(field) + "[" + i + "]", "must be a string");
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
      throw ApiFailure.invalid(at(field), "must be a whole number");
    }
    return v.intValue();
  }

  /** A true/false field, or null when absent or null. */
  Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw ApiFailure.invalid(at(field), "must be true or false");
    }
    return v.booleanValue();
  }

  /** A nested JSON object, or null when absent or null. */
  JsonBody object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiFailure.invalid(at(field), "must be a JSON object");
    }
    return new JsonBody(v, at(field));
  }

  /**
   * App.net's annotations: a list of {@code {type, value}} with a string type and an object value,
   * or null when absent or null. What the values may hold is for the rules to judge.
   */
  List<Annotation> annotations(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw ApiFailure.invalid(at(field), "must be a list of {type, value} objects");
    }
    List<Annotation> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      String item = at(field) + "[" + i + "]";
      JsonNode a = v.get(i);
      if (!a.isObject()) {
        throw ApiFailure.invalid(item, "must be a {type, value} object");
      }
      JsonNode type = a.get("type");
      if (type == null || !type.isTextual()) {
        throw ApiFailure.invalid(item + ".type", "must be a string like com.example.note");
      }
      JsonNode value = a.get("value");
      if (value == null || !value.isObject()) {
        throw ApiFailure.invalid(item + ".value", "must be a JSON object");
      }
      out.add(new Annotation(type.textValue(), value));
    }
    return out;
  }
}
