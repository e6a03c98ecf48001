package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.LogCapture;
import io.keyport.testing.ManualClock;
import io.keyport.testing.Pkce;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import io.keyport.testing.WebClient.Page;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET} and {@code PUT /account/0/users/me/password}: the embedded server's passwordless
 * local account sets a password, and the server's web sign-in page then takes it; a change needs
 * the current password, checked through the sign-in path and its throttle (parallel wrong guesses
 * check at most 10); the rules refuse with the field named; only a developer token may; no password
 * in any log line or answer. On H2 and PostgreSQL, time on a manual clock (each test starts after
 * the throttle's window of the one before).
 */
class PasswordEndpointsTest {
  static final String PATH = "/account/0/users/me/password";

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final ManualClock clock = ManualClock.startingNow();
    final AtomicInteger addresses = new AtomicInteger(1);
    KeyportServer server;
    Http http;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server =
          KeyportServer.start(
              backend().config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000),
              clock);
      http = Http.to(server.baseUrl());
    }

    @AfterAll
    void stop() {
      server.close();
    }

    @BeforeEach
    void throttleWindowsEnd() {
      clock.advance(Duration.ofMinutes(6));
    }

    /** A new passwordless local account, as the embedded server makes it: its desktop client. */
    Local local() {
      KeyportServer.LocalSession session = server.localSession(Fixtures.uniqueName("local"));
      String token = session.token().reveal();
      return new Local(session.username(), token, http.bearer(token));
    }

    record Local(String username, String token, Http client) {}

    static Http.Response put(Http client, String body) {
      return client.send("PUT", PATH, body, "application/json");
    }

    static String body(String password, String current) {
      return "{\"password\": "
          + Fixtures.json(password)
          + (current == null ? "" : ", \"current_password\": " + Fixtures.json(current))
          + "}";
    }

    static void assertRefused(Http.Response r, int status, String slug, String field) {
      assertThat(r.status()).as(r.toString()).isEqualTo(status);
      assertThat(r.meta().path("code").asInt()).isEqualTo(status);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo(slug);
      assertThat(r.meta().path("error_field").asText()).isEqualTo(field);
      assertThat(r.json().has("data")).isFalse();
    }

    /** The web sign-in from an app's link: the page after the sign-in form, or the form refused. */
    Page webSignIn(String username, String password) {
      JsonNode app = Fixtures.createApp(http, Fixtures.developer(http), Fixtures.uniqueName("App"));
      Map<String, String> params =
          WebSignInTest.Contract.request(
              app.path("client_id").asText(), "http://localhost:8000", "basic", Pkce.fresh());
      WebClient browser = new WebClient(server.baseUrl());
      Page page = browser.get(WebSignInTest.Contract.url("authenticate", params));
      assertThat(page.hasForm("/oauth/sign-in")).as(page.toString()).isTrue();
      Page answer =
          browser.submit(
              page, "/oauth/sign-in", Map.of("username", username, "password", password));
      if (answer.status() != 303) {
        return answer;
      }
      // signed in: the consent page for this user's first authorization of the app
      return browser.get(answer.location());
    }

    @Test
    void aPasswordlessAccountSetsOneAndTheWebSignInPageThenTakesIt() {
      Local me = local();
      String password = "a long local password 1";
      Http.Response status = me.client().get(PATH);
      assertThat(status.status()).as(status.toString()).isEqualTo(200);
      assertThat(status.data().path("has_password").asBoolean(true)).isFalse();
      assertThat(webSignIn(me.username(), password).status()).isEqualTo(401);

      Http.Response set = put(me.client(), body(password, null));
      assertThat(set.status()).as(set.toString()).isEqualTo(200);
      assertThat(set.data().path("has_password").asBoolean()).isTrue();
      assertThat(set.header("Cache-Control")).isEqualTo("no-store");
      assertThat(set.body()).doesNotContain(password);
      assertThat(me.client().get(PATH).data().path("has_password").asBoolean()).isTrue();

      Page consent = webSignIn(me.username(), password);
      assertThat(consent.status()).as(consent.toString()).isEqualTo(200);
      assertThat(consent.hasForm("/oauth/consent")).as(consent.toString()).isTrue();
      // the password grant takes it as well: one sign-in path
      assertThat(
              Fixtures.passwordGrant(http, me.username(), password).path("access_token").asText())
          .startsWith("kpu_");
    }

    @Test
    void aChangeNeedsTheRightCurrentPassword() {
      Local me = local();
      String first = "the first password";
      String second = "the second password";
      assertThat(put(me.client(), body(first, null)).status()).isEqualTo(200);

      assertRefused(
          put(me.client(), body(second, null)), 400, "invalid-request", "current_password");
      assertRefused(put(me.client(), body(second, "")), 400, "invalid-request", "current_password");
      Http.Response wrong = put(me.client(), body(second, "not the first one"));
      assertRefused(wrong, 403, "invalid-password", "current_password");
      assertThat(wrong.meta().path("error_message").asText()).doesNotContain("not the first one");

      Http.Response changed = put(me.client(), body(second, first));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      assertThat(webSignIn(me.username(), first).status()).isEqualTo(401);
      assertThat(webSignIn(me.username(), second).hasForm("/oauth/consent")).isTrue();
    }

    @Test
    void theRulesRefuseNamingTheFieldAndCostNoAttempt() {
      Local me = local();
      assertRefused(put(me.client(), body("short", null)), 400, "invalid-request", "password");
      assertRefused(put(me.client(), "{}"), 400, "invalid-request", "password");
      assertRefused(put(me.client(), "{\"password\": 12}"), 400, "invalid-request", "password");
      assertRefused(
          put(me.client(), body("x".repeat(1025), null)), 400, "invalid-request", "password");
      Http.Response tooShort = put(me.client(), body("secret123", null));
      assertThat(tooShort.meta().path("error_message").asText())
          .isEqualTo("password: Use 10 to 1024 characters.")
          .doesNotContain("secret123");
      assertThat(me.client().get(PATH).data().path("has_password").asBoolean(true)).isFalse();

      // with a password: a refused new one is refused before the current one is checked
      String password = "a fine password";
      assertThat(put(me.client(), body(password, null)).status()).isEqualTo(200);
      for (int i = 0; i < 12; i++) {
        assertRefused(
            put(me.client(), body("short", "wrong " + i)), 400, "invalid-request", "password");
      }
      assertThat(put(me.client(), body("another fine password", password)).status()).isEqualTo(200);
    }

    @Test
    void onlyADeveloperTokenMay() {
      Local me = local();
      Http.Response none = put(http, body("a fine password", null));
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.meta().path("error_slug").asText()).isEqualTo("invalid-token");
      assertThat(http.get(PATH).status()).isEqualTo(401);

      String appId = Fixtures.createApp(me.client(), null, "Scoped").path("id").asText();
      String basic =
          Fixtures.ownToken(me.client(), null, appId, "{\"scopes\": [\"stream\"]}")
              .path("access_token")
              .asText();
      Http.Response scoped = put(http.bearer(basic), body("a fine password", null));
      assertThat(scoped.status()).isEqualTo(403);
      assertThat(scoped.meta().path("error_slug").asText()).isEqualTo("insufficient-scope");
      assertThat(me.client().get(PATH).data().path("has_password").asBoolean(true)).isFalse();
    }

    /**
     * 30 changes at once with wrong current passwords, each from its own address: as with sign-in,
     * at most 10 are checked (403), the rest refused before any hash (429, Retry-After); then even
     * the right one waits out the window.
     */
    @Test
    void parallelWrongCurrentPasswordsAreThrottledLikeSignIn() throws Exception {
      Local me = local();
      String password = "the real password";
      assertThat(put(me.client(), body(password, null)).status()).isEqualTo(200);
      String bearer = me.token();
      List<RawHttp.Answer> answers =
          SignInThrottleTest.Contract.race(
              30, i -> rawPut(newAddress(), bearer, body("a new password", "wrong guess " + i)));
      long checked = answers.stream().filter(a -> a.status() == 403).count();
      long throttled = answers.stream().filter(a -> a.status() == 429).count();
      assertThat(checked).as("current passwords checked").isLessThanOrEqualTo(10);
      assertThat(checked + throttled).isEqualTo(30);
      for (RawHttp.Answer a : answers) {
        if (a.status() == 429) {
          assertThat(a.json().path("meta").path("error_slug").asText()).isEqualTo("rate-limited");
          assertThat(Long.parseLong(a.header("Retry-After"))).isBetween(1L, 300L);
        }
      }
      for (long failed = checked; failed < 10; failed++) {
        assertThat(rawPut(newAddress(), bearer, body("a new password", "wrong")).status())
            .isEqualTo(403);
      }
      RawHttp.Answer right = rawPut(newAddress(), bearer, body("a new password", password));
      assertThat(right.status()).as(right.body()).isEqualTo(429);
      // the web sign-in of that username waits too: the same throttle
      assertThat(webSignIn(me.username(), password).status()).isEqualTo(429);

      clock.advance(Duration.ofMinutes(6));
      assertThat(rawPut(newAddress(), bearer, body("a new password", password)).status())
          .isEqualTo(200);
    }

    @Test
    void noPasswordInAnyLogLine() {
      String first = "first-secret-" + System.nanoTime();
      String second = "second-secret-" + System.nanoTime();
      try (LogCapture log = LogCapture.start()) {
        Local me = local();
        assertThat(put(me.client(), body(first, null)).status()).isEqualTo(200);
        Http.Response wrong = put(me.client(), body(second, "wrong-" + first));
        assertThat(wrong.status()).isEqualTo(403);
        Http.Response rule = put(me.client(), body("tiny-" + second.substring(0, 3), first));
        assertThat(rule.status()).isEqualTo(400);
        assertThat(put(me.client(), body(second, first)).status()).isEqualTo(200);
        String errorId = wrong.meta().path("error_id").asText();
        log.awaitLine(l -> l.contains(errorId));
        log.awaitLine(l -> l.contains("PUT " + PATH + " 200"));
        String all = String.join("\n", log.lines());
        assertThat(all).doesNotContain(first).doesNotContain(second).doesNotContain("tiny-");
      }
    }

    String newAddress() {
      int n = addresses.incrementAndGet();
      return "127.0." + (n / 250) + "." + (2 + n % 250);
    }

    RawHttp.Answer rawPut(String from, String bearer, String json) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      String head =
          "PUT "
              + PATH
              + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
              + "Authorization: Bearer "
              + bearer
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + bytes.length;
      return RawHttp.send(
          server.baseUrl(), from, head.getBytes(StandardCharsets.ISO_8859_1), bytes);
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    TestServers backend() {
      return TestServers.H2;
    }
  }

  @Nested
  class OnPostgres extends Contract {
    @Override
    TestServers backend() {
      return TestServers.POSTGRES;
    }
  }
}
