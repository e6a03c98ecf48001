package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Steps the endpoint tests share, each over raw HTTP and asserting it worked. */
final class Fixtures {
  private static final AtomicInteger SEQ = new AtomicInteger();
  static final String PASSWORD = "correct horse battery";

  private Fixtures() {}

  static String uniqueName(String prefix) {
    return prefix + "_" + SEQ.incrementAndGet();
  }

  static String form(String... pairs) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
    }
    return out.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A JSON string literal of {@code s}, control characters escaped. */
  static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    return out.append('"').toString();
  }

  /** Signs up (sign-up must be open) and returns the user object. */
  static JsonNode signUp(Http http, String username, String password) {
    Http.Response r =
        http.postJson(
            "/account/0/users",
            "{\"username\": " + json(username) + ", \"password\": " + json(password) + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  /** The password grant; returns the whole answer (access_token, token_type, token). */
  static JsonNode passwordGrant(Http http, String username, String password) {
    Http.Response r =
        http.postForm(
            "/oauth/access_token",
            form(
                "grant_type",
                "password",
                "client_id",
                "keyport-desktop",
                "username",
                username,
                "password",
                password));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** A new account and its developer token. */
  static String developer(Http http) {
    String username = uniqueName("dev");
    signUp(http, username, PASSWORD);
    return passwordGrant(http, username, PASSWORD).path("access_token").asText();
  }

  static String appBody(String name) {
    return "{\"name\": "
        + json(name)
        + ", \"website\": \"https://example.com\","
        + " \"callback_urls\": [\"http://localhost:8000\"]}";
  }

  /**
   * Creates an app ({@code token} null: {@code http} already carries one); returns the data (App
   * plus client_secret).
   */
  static JsonNode createApp(Http http, String token, String name) {
    Http.Response r =
        (token == null ? http : http.bearer(token)).postJson("/account/0/apps", appBody(name));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  /** "Generate a user token for yourself"; returns the answer's data ({access_token, token}). */
  static JsonNode ownToken(Http http, String token, String appId, String body) {
    Http.Response r =
        (token == null ? http : http.bearer(token))
            .postJson("/account/0/apps/" + appId + "/tokens/me", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.data();
  }

  static JsonNode clientCredentials(Http http, String clientId, String secret) {
    Http.Response r =
        http.postForm(
            "/oauth/access_token",
            form(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                secret));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static void assertError(Http.Response r, int status, String slug) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.meta().path("code").asInt()).as(r.toString()).isEqualTo(status);
    assertThat(r.meta().path("error_slug").asText()).as(r.toString()).isEqualTo(slug);
    assertThat(r.meta().path("error_id").asText()).isNotBlank();
    assertThat(r.json().has("data")).isFalse();
  }

  /** An {@code invalid-request} whose message names {@code field}. */
  static void assertInvalid(Http.Response r, String field) {
    assertError(r, 400, "invalid-request");
    assertThat(r.meta().path("error_message").asText()).as(r.toString()).contains(field);
  }

  static void assertOAuthError(Http.Response r, int status, String error) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.json().path("error").asText()).as(r.toString()).isEqualTo(error);
    assertThat(r.json().path("error_description").asText()).isNotBlank();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
  }
}
