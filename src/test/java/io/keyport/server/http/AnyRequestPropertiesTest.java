package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.Json;
import io.keyport.api.TokenFormat;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random requests at every endpoint of API.md: any method, ids and paths, query parameters, headers
 * (tokens good, bad and odd), bodies (JSON of the wrong shape, malformed JSON, bad UTF-8, forms).
 * Never a 5xx; always the envelope, or on {@code /oauth/*} RFC 6749's error shape, or a web sign-in
 * page with its headers; always the rate-limit headers. A few hundred tries on H2 and on
 * PostgreSQL.
 */
class AnyRequestPropertiesTest {
  private static final Map<TestServers, KeyportServer> SERVERS = new EnumMap<>(TestServers.class);

  /** The endpoints of API.md; {id} is replaced by something random. */
  static final List<String> ENDPOINTS =
      List.of(
          "GET /health",
          "GET /stream/0/scopes",
          "POST /account/0/users",
          "POST /oauth/access_token",
          "GET /stream/0/users/me",
          "GET /account/0/users/me/password",
          "PUT /account/0/users/me/password",
          "GET /account/0/apps",
          "POST /account/0/apps",
          "GET /account/0/apps/{id}",
          "PATCH /account/0/apps/{id}",
          "DELETE /account/0/apps/{id}",
          "POST /account/0/apps/{id}/secret/reveal",
          "POST /account/0/apps/{id}/secret/rotate",
          "GET /account/0/apps/{id}/tokens/me",
          "POST /account/0/apps/{id}/tokens/me",
          "GET /stream/0/token",
          "DELETE /stream/0/token",
          "GET /stream/0/apps/me/tokens",
          "GET /stream/0/apps/me/tokens/user_ids",
          "GET /oauth/authenticate",
          "GET /oauth/authorize",
          "POST /oauth/sign-in",
          "POST /oauth/consent",
          "POST /oauth/sign-out",
          "GET /web/keyport.css",
          "POST /oauth/introspect",
          "POST /oauth/revoke",
          "GET /.well-known/oauth-authorization-server",
          "GET /account/0/authorizations",
          "DELETE /account/0/authorizations/{id}",
          "POST /stream/0/posts",
          "GET /stream/0/posts/{id}",
          "DELETE /stream/0/posts/{id}",
          "GET /stream/0/users/{id}/posts",
          "GET /stream/0/posts/stream",
          "PATCH /stream/0/users/me",
          "POST /stream/0/channels",
          "GET /stream/0/channels",
          "GET /stream/0/channels/{id}",
          "POST /stream/0/channels/{id}/messages",
          "GET /stream/0/channels/{id}/messages",
          "DELETE /stream/0/channels/{id}/messages/{id}");

  static synchronized KeyportServer server(TestServers backend) {
    return SERVERS.computeIfAbsent(
        backend,
        b ->
            b.start(
                c -> c.withSignup(true).withLimits(1_000_000_000, 1_000_000_000, 1_000_000_000)));
  }

  @AfterContainer
  static synchronized void stopServers() {
    SERVERS.values().forEach(KeyportServer::close);
    SERVERS.clear();
  }

  @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
  void onH2NeverA5xxAlwaysTheEnvelope(@ForAll("requests") Request request) {
    check(server(TestServers.H2), request);
  }

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void onPostgresNeverA5xxAlwaysTheEnvelope(@ForAll("requests") Request request) {
    check(server(TestServers.POSTGRES), request);
  }

  /** One random request; {@code token} is filled in with a fresh valid token where it says so. */
  record Request(String method, String path, String query, List<String> headers, byte[] body) {
    @Override
    public String toString() {
      return method
          + " "
          + path
          + (query.isEmpty() ? "" : "?" + query)
          + " "
          + headers
          + (body == null ? "" : " body=" + new String(body, StandardCharsets.UTF_8));
    }
  }

  static final String VALID_TOKEN = "<valid token>";

  /** A user token of an app with every grantable scope, so the resources' rules are reached too. */
  static final String SCOPED_TOKEN = "<scoped token>";

  private static final Map<KeyportServer, String> SCOPED_APPS = new ConcurrentHashMap<>();

  /**
   * A fresh token with every grantable scope (the request before may have revoked the last one, or
   * deleted its app: the random ids 0–6 name it, and the request's valid token is its owner's).
   */
  static String scopedToken(KeyportServer server) {
    Http dev = Http.to(server.baseUrl()).bearer(server.localSession("prop").token().reveal());
    String appId =
        SCOPED_APPS.computeIfAbsent(
            server, s -> Fixtures.createApp(dev, null, "Everything").path("id").asText());
    String scopes =
        "{\"scopes\": [\"stream\", \"write_post\", \"public_messages\","
            + " \"messages\", \"update_profile\"]}";
    if (dev.get("/account/0/apps/" + appId).status() == 404) {
      appId = Fixtures.createApp(dev, null, "Everything").path("id").asText();
      SCOPED_APPS.put(server, appId);
    }
    return Fixtures.ownToken(dev, null, appId, scopes).path("access_token").asText();
  }

  static void check(KeyportServer server, Request request) {
    StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.path());
    if (!request.query().isEmpty()) {
      head.append('?').append(request.query());
    }
    head.append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close");
    Supplier<String> token = () -> server.localSession("prop").token().reveal();
    for (String header : request.headers()) {
      String line =
          header.contains(SCOPED_TOKEN)
              ? header.replace(SCOPED_TOKEN, scopedToken(server))
              : header;
      head.append("\r\n")
          .append(line.contains(VALID_TOKEN) ? line.replace(VALID_TOKEN, token.get()) : line);
    }
    if (request.body() != null) {
      head.append("\r\nContent-Length: ").append(request.body().length);
    }
    RawHttp.Answer answer = RawHttp.send(server.baseUrl(), head.toString(), request.body());

    assertThat(answer.status()).as("status of %s: %s", request, answer.body()).isBetween(200, 499);
    // Jetty refuses what is not valid HTTP (e.g. %00 in a path) before any limit is counted.
    // (A HEAD answer has no body to tell by: a 400 to HEAD may be Jetty's.)
    boolean refusedByJetty =
        answer.body().contains("could not be read as HTTP")
            || request.method().equals("HEAD") && answer.status() == 400;
    if (!request.path().equals("/health") && !refusedByJetty) {
      assertThat(answer.header("X-RateLimit-Limit"))
          .as("rate-limit headers of %s", request)
          .isNotNull();
      assertThat(answer.header("X-RateLimit-Remaining")).isNotNull();
      assertThat(answer.header("X-RateLimit-Reset")).isNotNull();
    }
    if (request.method().equals("HEAD")) {
      return;
    }
    String type = String.valueOf(answer.header("Content-Type"));
    if (type.startsWith("text/html")) {
      // A web sign-in page (or its error page): never framed, never cached, no script.
      assertThat(answer.header("Content-Security-Policy"))
          .as("CSP of %s", request)
          .contains("frame-ancestors 'none'");
      assertThat(answer.header("Cache-Control")).as("%s", request).isEqualTo("no-store");
      return;
    }
    if (type.startsWith("text/css")) {
      assertThat(answer.status()).isEqualTo(200);
      return;
    }
    if (answer.status() >= 300 && answer.status() < 400) {
      // Back to an app's registered redirect URI (a random request cannot name one) or to a page of
      // ours.
      assertThat(answer.header("Location")).as("%s", request).startsWith("/oauth/");
      return;
    }
    JsonNode json = answer.json();
    if (request.path().equals("/.well-known/oauth-authorization-server")
        && answer.status() == 200) {
      assertThat(json.path("issuer").asText()).isNotBlank();
      return;
    }
    if (request.path().startsWith("/oauth/")
        && answer.status() != 404
        && answer.status() != 405
        && !json.has("meta")) {
      if (answer.status() >= 400) {
        assertThat(json.path("error").asText())
            .as("RFC 6749 error of %s: %s", request, json)
            .isNotBlank();
      } else if (request.path().equals("/oauth/introspect")) {
        assertThat(json.has("active")).as("%s: %s", request, json).isTrue();
      } else if (request.path().equals("/oauth/revoke")) {
        assertThat(json.isObject()).as("%s: %s", request, json).isTrue();
      } else {
        assertThat(json.path("access_token").asText()).as("%s: %s", request, json).isNotBlank();
      }
      return;
    }
    assertThat(json.path("meta").path("code").asInt())
        .as("meta.code of %s: %s", request, json)
        .isEqualTo(answer.status());
    if (answer.status() >= 400) {
      assertThat(json.has("data")).as("%s: %s", request, json).isFalse();
      assertThat(json.path("meta").path("error_slug").asText())
          .as("%s: %s", request, json)
          .isNotBlank();
      assertThat(json.path("meta").path("error_message").asText())
          .as("%s: %s", request, json)
          .isNotBlank();
      assertThat(json.path("meta").path("error_id").asText())
          .as("%s: %s", request, json)
          .isNotBlank();
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> endpoint = Arbitraries.of(ENDPOINTS);
    Arbitrary<String> otherMethod =
        Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS", "FOO");
    return Combinators.combine(
            endpoint,
            otherMethod,
            Arbitraries.integers().between(0, 9),
            ids(),
            queries(),
            headers(),
            bodies())
        .as(
            (ep, method, pick, id, query, headers, body) -> {
              String[] parts = ep.split(" ", 2);
              String m = pick < 7 ? parts[0] : method; // mostly the endpoint's own method
              String path = parts[1].replace("{id}", id);
              if (pick == 9) {
                path = path + "/" + id; // one segment too many
              }
              return new Request(
                  m,
                  path,
                  query,
                  headers,
                  m.equals("GET") || m.equals("HEAD") && pick < 5 ? null : body);
            });
  }

  static Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 6).map(String::valueOf),
        Arbitraries.of(
            "-1",
            "0",
            "99999999999999999999999",
            "9223372036854775807",
            "9223372036854775808",
            "1.5",
            "1e3",
            "%00",
            "%2F",
            "..",
            "%C3%28",
            "%E2%82%AC",
            "me",
            "null",
            "%20"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(30).map(AnyRequestPropertiesTest::encode));
  }

  static Arbitrary<String> queries() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of(
                "",
                "99999999999999999999",
                "-0",
                "1e9",
                "abc",
                "%00",
                "%FF",
                "keyport-desktop",
                "code",
                "S256",
                "plain",
                "http%3A%2F%2F127.0.0.1%3A9%2Fcallback",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "basic%20developer",
                "%E2%82%AC"),
            Arbitraries.strings().ofMaxLength(20).map(AnyRequestPropertiesTest::encode));
    Arbitrary<String> name =
        Arbitraries.of(
            "count",
            "before_id",
            "since_id",
            "include_annotations",
            "x",
            "%FF",
            "client_id",
            "redirect_uri",
            "response_type",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method");
    Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    return Arbitraries.oneOf(
        Arbitraries.just(""), pair.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("&", l)));
  }

  static Arbitrary<List<String>> headers() {
    Arbitrary<String> authorization =
        Arbitraries.oneOf(
            Arbitraries.just("Authorization: Bearer " + VALID_TOKEN),
            Arbitraries.just("Authorization: Bearer " + VALID_TOKEN),
            Arbitraries.just("Authorization: Bearer " + SCOPED_TOKEN),
            Arbitraries.just("Authorization: Bearer " + SCOPED_TOKEN),
            Arbitraries.just(
                "Authorization: Bearer " + TokenFormat.generate(TokenFormat.Kind.USER).reveal()),
            Arbitraries.just(
                "Authorization: Bearer " + TokenFormat.generate(TokenFormat.Kind.APP).reveal()),
            Arbitraries.just(
                "Authorization: Bearer "
                    + TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET).reveal()),
            Arbitraries.strings()
                .ascii()
                .ofMaxLength(60)
                .map(s -> "Authorization: Bearer " + printable(s)),
            Arbitraries.strings()
                .ascii()
                .ofMaxLength(40)
                .map(
                    s ->
                        "Authorization: Basic "
                            + Base64.getEncoder()
                                .encodeToString(s.getBytes(StandardCharsets.UTF_8))),
            Arbitraries.of(
                "Authorization: Basic a2V5cG9ydC1kZXNrdG9wOg==",
                "Authorization: Basic !!!",
                "Authorization: Bearer",
                "Authorization: Token abc",
                "Authorization: "));
    Arbitrary<String> contentType =
        Arbitraries.of(
            "Content-Type: application/json",
            "Content-Type: application/json; charset=utf-8",
            "Content-Type: application/x-www-form-urlencoded",
            "Content-Type: text/plain",
            "Content-Type: multipart/form-data; boundary=x",
            "Content-Type: application/json; charset=nonsense",
            "Content-Type: ;;;",
            "Content-Type: */*");
    Arbitrary<String> other =
        Arbitraries.oneOf(
            Arbitraries.integers().map(i -> "If-Match: " + i),
            Arbitraries.strings().ascii().ofMaxLength(20).map(s -> "If-Match: " + printable(s)),
            Arbitraries.of(
                "If-Match: \"3\"",
                "If-Match: *",
                "If-Match: 99999999999999999999",
                "Accept: text/html",
                "Accept-Charset: ebcdic",
                "Content-Encoding: gzip",
                "X-Forwarded-For: 10.0.0.1, nonsense",
                "Accept: application/json;q=x"));
    return Combinators.combine(
            authorization.optional(), contentType.optional(), other.list().ofMaxSize(2))
        .as(
            (a, c, o) -> {
              List<String> all = new ArrayList<>();
              a.ifPresent(all::add);
              c.ifPresent(all::add);
              all.addAll(o);
              return all;
            });
  }

  static Arbitrary<byte[]> bodies() {
    Arbitrary<String> field =
        Arbitraries.of(
            "name",
            "website",
            "callback_urls",
            "scopes",
            "expires_in_days",
            "username",
            "password",
            "client_secret",
            "version",
            "x",
            "text",
            "type",
            "readers",
            "editors",
            "annotations");
    Arbitrary<String> jsonValue =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(AnyRequestPropertiesTest::jsonString),
            Arbitraries.integers().map(String::valueOf),
            Arbitraries.of(
                "null",
                "true",
                "1e400",
                "-1e400",
                "99999999999999999999999999999",
                "1.5",
                "-0",
                "[]",
                "{}",
                "[null]",
                "[\"basic\",\"stream\"]",
                "[\"https://example.com\"]",
                "\"https://example.com\"",
                "[\"developer\"]",
                "[1,2]",
                "{\"a\":{\"b\":[[[]]]}}",
                "\"\\u0000\"",
                "\"\\ud800\"",
                "30",
                "3650000",
                "\"net.app.core.broadcast\"",
                "{\"public\":true}",
                "{\"public\":\"x\",\"user_ids\":[\"1\",2]}",
                "{\"user_ids\":[\"99999999999999999999\"]}",
                "[{\"type\":\"a.b\",\"value\":{}}]",
                "[{\"type\":\"net.app.core.broadcast.metadata\",\"value\":{\"title\":1}}]",
                "[{\"type\":\"net.app.core.broadcast.message.metadata\",\"value\":{\"subject\":\"s\"}}]",
                "[{\"type\":1,\"value\":[]}]",
                "[{}]"));
    Arbitrary<String> object =
        Combinators.combine(field, jsonValue)
            .as((f, v) -> "\"" + f + "\":" + v)
            .list()
            .ofMaxSize(5)
            .map(l -> "{" + String.join(",", l) + "}");
    Arbitrary<String> form =
        Combinators.combine(
                Arbitraries.of(
                    "grant_type",
                    "client_id",
                    "client_secret",
                    "username",
                    "password",
                    "scope",
                    "x",
                    "code",
                    "redirect_uri",
                    "code_verifier",
                    "token",
                    "csrf",
                    "decision",
                    "mode",
                    "query",
                    "code_challenge"),
                Arbitraries.oneOf(
                    Arbitraries.of(
                        "password",
                        "client_credentials",
                        "authorization_code",
                        "keyport-desktop",
                        "alice",
                        "",
                        "%FF",
                        "%00",
                        "basic developer",
                        "correct horse battery"),
                    Arbitraries.strings().ofMaxLength(20).map(AnyRequestPropertiesTest::encode)))
            .as((k, v) -> k + "=" + v)
            .list()
            .ofMaxSize(5)
            .map(l -> String.join("&", l));
    return Arbitraries.oneOf(
        object.map(s -> s.getBytes(StandardCharsets.UTF_8)),
        object.map(
            s -> s.substring(0, s.length() / 2).getBytes(StandardCharsets.UTF_8)), // malformed
        Arbitraries.of("[]", "null", "\"x\"", "1", "", "{\"name\":", "{{", "[1,", "\u0000")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        form.map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200)); // anything, bad UTF-8 included
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x21 && c < 0x7f ? c : 'x');
    }
    return out.toString();
  }

  static String jsonString(String s) {
    try {
      return Json.mapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
