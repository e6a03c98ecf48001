package io.keyport.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyport.api.Annotation;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Json;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.Rules;
import io.keyport.api.Source;
import io.keyport.api.User;
import io.keyport.server.store.AnnotationStore.AnnotationRow;
import io.keyport.server.store.AppStore.AppRow;
import io.keyport.server.store.PostStore.Authorship;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What posts and messages share: who wrote them and with which app ({@code source}, kept as the app
 * was named then), their annotations, the scope and user-token checks, and App.net's pages.
 */
final class Authors {
  private static final ObjectMapper JSON = Json.mapper();
  private final Accounts accounts;
  private final Apps apps;
  private final Clock clock;

  Authors(Accounts accounts, Apps apps, Clock clock) {
    this.accounts = accounts;
    this.apps = apps;
    this.clock = clock;
  }

  /** The caller as the author of something written now: the user, and the app of the token. */
  Authorship authorship(Caller caller) {
    Account user = accounts.byId(requireUser(caller));
    String name;
    String link;
    if (caller.appId() == null) {
      name = Tokens.DESKTOP_APP_NAME;
      link = accounts.publicUrl();
    } else {
      AppRow app =
          apps.byId(caller.appId())
              .orElseThrow(
                  () ->
                      new ApiFailure(
                          ErrorSlug.NOT_AUTHORIZED,
                          "The app this token was issued to no longer exists."));
      name = app.name();
      link = app.website();
    }
    return new Authorship(
        user.id(), user.username(), user.name(), caller.clientId(), name, link, clock.instant());
  }

  User user(Authorship by) {
    return user(by.userId(), by.username(), by.userName());
  }

  User user(long id, String username, String name) {
    return accounts.toUser(new Account(id, username, name));
  }

  static Source source(Authorship by) {
    return new Source(by.sourceClientId(), by.sourceName(), by.sourceLink());
  }

  /** The account of a user token; an app token is refused (403, it writes as no one). */
  static long requireUser(Caller caller) {
    if (!caller.isUser()) {
      throw new ApiFailure(
          ErrorSlug.INSUFFICIENT_SCOPE, "This endpoint needs a user token, not an app token.");
    }
    return caller.accountId();
  }

  /** 403 {@code insufficient-scope} naming {@code scope} unless the caller holds it. */
  static void requireScope(Caller caller, String scope) {
    if (!caller.has(scope)) {
      throw insufficient(scope);
    }
  }

  static ApiFailure insufficient(String scope) {
    return new ApiFailure(
        ErrorSlug.INSUFFICIENT_SCOPE, "This endpoint needs the '" + scope + "' scope.");
  }

  /**
   * Annotations as given, checked (at most 16, reverse-domain types, values of at most 8 KiB of
   * JSON).
   */
  static List<AnnotationRow> annotations(List<Annotation> given) {
    if (given == null) {
      return List.of();
    }
    ApiFailure.check(Rules.annotationCount(given.size()));
    List<AnnotationRow> out = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      String field = Rules.ANNOTATIONS + "[" + i + "]";
      Annotation a = given.get(i);
      ApiFailure.check(Rules.annotationType(field + ".type", a.type()));
      String value = json(a.value());
      ApiFailure.check(
          Rules.annotationValueSize(
              field + ".value", value.getBytes(StandardCharsets.UTF_8).length));
      out.add(new AnnotationRow(a.type(), value));
    }
    return out;
  }

  /** The index of the first annotation of {@code type}, or -1. */
  static int indexOf(List<Annotation> given, String type) {
    for (int i = 0; given != null && i < given.size(); i++) {
      if (type.equals(given.get(i).type())) {
        return i;
      }
    }
    return -1;
  }

  static List<Annotation> toApi(List<AnnotationRow> rows) {
    List<Annotation> out = new ArrayList<>(rows.size());
    for (AnnotationRow r : rows) {
      try {
        out.add(new Annotation(r.type(), JSON.readTree(r.valueJson())));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored annotation is not JSON", e);
      }
    }
    return out;
  }

  private static String json(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw ApiFailure.invalid(Rules.ANNOTATIONS, "a value could not be written as JSON");
    }
  }

  /** An id from a cursor parameter. */
  static Long cursor(String field, String value) {
    return Apps.parseId(field, value);
  }

  /** An id from the path: digits, else {@code what} not found. */
  static long pathId(String what, String id) {
    if (id == null
        || id.isEmpty()
        || id.length() > 18
        || !id.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw ApiFailure.notFound(what);
    }
    return Long.parseLong(id);
  }

  /** App.net's page of {@code rows} (fetched one more than asked for), newest first. */
  static <R, T> Page<T> page(
      List<R> rows, PageRequest page, ToLongFunction<R> id, Function<R, T> map) {
    boolean more = rows.size() > page.count();
    List<R> shown = rows.subList(0, Math.min(rows.size(), page.count()));
    String min =
        shown.isEmpty() ? null : Long.toString(id.applyAsLong(shown.get(shown.size() - 1)));
    String max = shown.isEmpty() ? null : Long.toString(id.applyAsLong(shown.get(0)));
    return new Page<>(shown.stream().map(map).toList(), min, max, more);
  }
}
