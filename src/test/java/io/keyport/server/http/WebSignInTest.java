package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.core.WebSignIn;
import io.keyport.server.crypto.Hashing;
import io.keyport.server.store.Database;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.Pkce;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import io.keyport.testing.WebClient.Page;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Web sign-in over HTTP, rule by rule of API.md ("Web sign-in", "Discovery, introspection,
 * revocation", "Authorized apps"): the validation order and its error pages and redirects, PKCE,
 * redirect matching, sign-in (CSRF, the password grant's throttle), sessions, consent, codes and
 * their exchange. On H2 and PostgreSQL, one server per class, time on a manual clock.
 */
class WebSignInTest {
  static final String CALLBACK = "http://localhost:8000/callback";

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final ManualClock clock = ManualClock.startingNow();
    ServerConfig config;
    KeyportServer server;
    Http http;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      config = backend().config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000);
      server = KeyportServer.start(config, clock);
      http = Http.to(server.baseUrl());
    }

    @AfterAll
    void stop() {
      server.close();
    }

    /**
     * A user with a password and a developer token, and an app of theirs with a client id and
     * secret.
     */
    record World(
        String username,
        String developerToken,
        String appId,
        String clientId,
        String clientSecret) {}

    World world() {
      String username = Fixtures.uniqueName("web");
      Fixtures.signUp(http, username, Fixtures.PASSWORD);
      String dev =
          Fixtures.passwordGrant(http, username, Fixtures.PASSWORD).path("access_token").asText();
      Http.Response created =
          http.bearer(dev)
              .postJson(
                  "/account/0/apps",
                  "{\"name\": \"Web App\","
                      + " \"website\": \"https://example.com/app\", \"callback_urls\": [\""
                      + CALLBACK
                      + "\","
                      + " \"https://app.example.com/cb?x=1\"]}");
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      JsonNode app = created.data();
      return new World(
          username,
          dev,
          app.path("id").asText(),
          app.path("client_id").asText(),
          app.path("client_secret").asText());
    }

    static Map<String, String> request(
        String clientId, String redirectUri, String scope, Pkce pkce) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("client_id", clientId);
      params.put("response_type", "code");
      params.put("redirect_uri", redirectUri);
      params.put("scope", scope);
      params.put("state", "st-" + System.nanoTime());
      params.put("code_challenge", pkce.challenge());
      params.put("code_challenge_method", "S256");
      return params;
    }

    static String url(String endpoint, Map<String, String> params) {
      return "/oauth/" + endpoint + "?" + WebClient.encode(params);
    }

    static Map<String, String> without(Map<String, String> params, String name) {
      Map<String, String> out = new LinkedHashMap<>(params);
      out.remove(name);
      return out;
    }

    /** Form changes that drop the CSRF token (and set {@code name} to {@code value}, if given). */
    static Map<String, String> withoutCsrf(String... nameValue) {
      Map<String, String> changes = new LinkedHashMap<>();
      changes.put("csrf", null);
      for (int i = 0; i < nameValue.length; i += 2) {
        changes.put(nameValue[i], nameValue[i + 1]);
      }
      return changes;
    }

    static Map<String, String> with(Map<String, String> params, String name, String value) {
      Map<String, String> out = new LinkedHashMap<>(params);
      out.put(name, value);
      return out;
    }

    /** Signs in on the sign-in page the browser is looking at; returns the next answer. */
    Page signIn(WebClient browser, Page signInPage, String username, String password) {
      return browser.submit(
          signInPage, "/oauth/sign-in", Map.of("username", username, "password", password));
    }

    /**
     * From the app's link to the code: sign in (if asked), allow (if asked); returns the redirect's
     * parameters.
     */
    Map<String, String> authorize(WebClient browser, World w, Map<String, String> params) {
      Page page = browser.get(url("authenticate", params));
      if (page.hasForm("/oauth/sign-in")) {
        Page signedIn = signIn(browser, page, w.username(), Fixtures.PASSWORD);
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(303);
        page = browser.get(signedIn.location());
      }
      if (page.hasForm("/oauth/consent")) {
        page = browser.submit(page, "/oauth/consent", Map.of("decision", "allow"));
        assertThat(page.status()).as(page.toString()).isEqualTo(303);
      } else {
        assertThat(page.status()).as(page.toString()).isEqualTo(302);
      }
      assertThat(page.location()).startsWith(params.get("redirect_uri") + "?");
      return page.redirectParams();
    }

    Http.Response exchange(World w, String code, String redirectUri, String verifier) {
      return exchange(http, w, code, redirectUri, verifier);
    }

    static Http.Response exchange(
        Http on, World w, String code, String redirectUri, String verifier) {
      return on.postForm(
          "/oauth/access_token",
          form(
              "grant_type",
              "authorization_code",
              "code",
              code,
              "redirect_uri",
              redirectUri,
              "code_verifier",
              verifier,
              "client_id",
              w.clientId(),
              "client_secret",
              w.clientSecret()));
    }

    String tokenFor(World w, WebClient browser, String scope) {
      Pkce pkce = Pkce.fresh();
      Map<String, String> back =
          authorize(browser, w, request(w.clientId(), CALLBACK, scope, pkce));
      Http.Response r = exchange(w, back.get("code"), CALLBACK, pkce.verifier());
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.json().path("access_token").asText();
    }

    static void assertErrorPage(Page page) {
      assertThat(page.status()).as(page.toString()).isEqualTo(400);
      assertThat(page.location()).as("never a redirect").isNull();
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.body()).contains("Cannot continue");
      assertPageHeaders(page);
    }

    static void assertPageHeaders(Page page) {
      assertThat(page.header("Content-Security-Policy"))
          .contains("frame-ancestors 'none'")
          .doesNotContain("script-src")
          .contains("default-src 'none'");
      assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    }

    static void assertRedirectError(Page page, Map<String, String> params, String error) {
      assertThat(page.status()).as(page.toString()).isEqualTo(302);
      assertThat(page.location()).startsWith(params.get("redirect_uri") + "?");
      Map<String, String> back = page.redirectParams();
      assertThat(back.get("error")).isEqualTo(error);
      assertThat(back.get("error_description")).isNotBlank();
      assertThat(back.get("state")).isEqualTo(params.get("state"));
      assertThat(back).doesNotContainKey("code");
    }

    // ---------------------------------------------------------------- validation order

    @Test
    void anUnknownOrMissingClientIsAnErrorPageNeverARedirect() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> good = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      assertErrorPage(browser.get(url("authenticate", with(good, "client_id", "x".repeat(32)))));
      assertErrorPage(browser.get(url("authenticate", without(good, "client_id"))));
      assertErrorPage(browser.get(url("authorize", with(good, "client_id", "nope"))));
      // Even with every other parameter wrong too: the client comes first.
      assertErrorPage(browser.get("/oauth/authenticate?client_id=unknown&response_type=token"));
      assertErrorPage(browser.get("/oauth/authenticate"));
    }

    @Test
    void aRedirectUriMatchingNoRegisteredUrlIsAnErrorPageNeverARedirect() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> good = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      for (String uri :
          List.of(
              "https://evil.example/cb",
              "http://localhost:8000/callback/",
              "http://localhost:8000/other",
              "http://127.0.0.1:8000/callback",
              "https://localhost:8000/callback",
              "http://localhost:8000/callback?x=1",
              "http://localhost:8000/callback#f",
              "http://user@localhost:8000/callback",
              "https://app.example.com/cb",
              "https://app.example.com:444/cb?x=1",
              "https://app.example.com/cb?x=2",
              "")) {
        // Every other error at once, too: the redirect URI is checked before them.
        Page page =
            browser.get(
                url("authenticate", with(without(good, "code_challenge"), "redirect_uri", uri)));
        assertErrorPage(page);
      }
      assertErrorPage(browser.get(url("authenticate", without(good, "redirect_uri"))));
    }

    @Test
    void aLoopbackRedirectMayUseAnyPortButNothingElseMayDiffer() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      Map<String, String> params =
          request(w.clientId(), "http://localhost:53124/callback", "stream", pkce);
      Page page = browser.get(url("authenticate", params));
      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      assertThat(page.hasForm("/oauth/sign-in")).isTrue();
      Map<String, String> back = authorize(browser, w, params);
      assertThat(
              exchange(w, back.get("code"), "http://localhost:53124/callback", pkce.verifier())
                  .status())
          .isEqualTo(200);
      // An https URL's port must match exactly, and so must the query.
      assertErrorPage(
          browser.get(
              url(
                  "authenticate",
                  with(params, "redirect_uri", "https://app.example.com:8443/cb?x=1"))));
      Page exact =
          browser.get(
              url("authorize", with(params, "redirect_uri", "https://app.example.com/cb?x=1")));
      assertThat(exact.status()).as(exact.toString()).isEqualTo(200);
    }

    @Test
    void theDesktopClientIsPublicAndTakesAnyLoopbackPort() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      String redirect = "http://127.0.0.1:41234/callback";
      Map<String, String> params = request("keyport-desktop", redirect, "basic developer", pkce);
      Page page = browser.get(url("authorize", params));
      page = browser.get(signIn(browser, page, w.username(), Fixtures.PASSWORD).location());
      assertThat(page.body()).contains("Keyport Desktop").contains("developer");
      Page back = browser.submit(page, "/oauth/consent", Map.of("decision", "allow"));
      assertThat(back.location()).startsWith(redirect + "?code=");
      Http.Response token =
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "authorization_code",
                  "client_id",
                  "keyport-desktop",
                  "code",
                  back.redirectParams().get("code"),
                  "redirect_uri",
                  redirect,
                  "code_verifier",
                  pkce.verifier()));
      assertThat(token.status()).as(token.toString()).isEqualTo(200);
      assertThat(token.json().path("token").path("scopes").toString()).contains("developer");
      assertThat(
              http.bearer(token.json().path("access_token").asText())
                  .get("/account/0/apps")
                  .status())
          .isEqualTo(200);
      // Another app may not ask for developer.
      Map<String, String> developer = request(w.clientId(), CALLBACK, "developer", pkce);
      assertRedirectError(browser.get(url("authenticate", developer)), developer, "invalid_scope");
    }

    @Test
    void everyOtherErrorRedirectsWithErrorDescriptionAndState() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> good = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      assertRedirectError(
          browser.get(url("authenticate", without(good, "response_type"))),
          good,
          "invalid_request");
      assertRedirectError(
          browser.get(url("authenticate", with(good, "response_type", "token"))),
          good,
          "unsupported_response_type");
      assertRedirectError(
          browser.get(url("authenticate", without(good, "code_challenge"))),
          good,
          "invalid_request");
      assertRedirectError(
          browser.get(url("authenticate", with(good, "code_challenge_method", "plain"))),
          good,
          "invalid_request");
      assertRedirectError(
          browser.get(url("authenticate", without(good, "code_challenge_method"))),
          good,
          "invalid_request");
      assertRedirectError(
          browser.get(url("authenticate", with(good, "code_challenge", "short"))),
          good,
          "invalid_request");
      assertRedirectError(
          browser.get(url("authorize", with(good, "scope", "stream nonsense"))),
          good,
          "invalid_scope");
      // A parameter given twice is refused, not guessed at.
      Page twice = browser.get(url("authenticate", good) + "&scope=export");
      assertRedirectError(twice, good, "invalid_request");
      // Without state, none comes back.
      Page noState =
          browser.get(url("authenticate", with(without(good, "state"), "response_type", "token")));
      assertThat(noState.redirectParams())
          .doesNotContainKey("state")
          .containsEntry("error", "unsupported_response_type");
      // A registered URL with a query keeps it.
      Map<String, String> withQuery = with(good, "redirect_uri", "https://app.example.com/cb?x=1");
      Page kept = browser.get(url("authenticate", with(withQuery, "response_type", "token")));
      assertThat(kept.location()).startsWith("https://app.example.com/cb?x=1&error=");
    }

    @Test
    void scopesAreSpaceOrCommaSeparatedAndBasicIsAlwaysAdded() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      String token = tokenFor(w, browser, "write_post,stream");
      Http.Response described = http.bearer(token).get("/stream/0/token");
      assertThat(described.data().path("scopes").toString())
          .isEqualTo("[\"basic\",\"stream\",\"write_post\"]");
      assertThat(described.header("X-OAuth-Scopes")).isEqualTo("basic,stream,write_post");
    }

    // ---------------------------------------------------------------- sign-in and sessions

    @Test
    void notSignedInShowsTheSignInPageWithACsrfTokenThenASessionCookie() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Page page =
          browser.get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      assertThat(page.status()).isEqualTo(200);
      assertPageHeaders(page);
      assertThat(page.body())
          .contains("Web App")
          .contains("name=\"username\"")
          .contains("name=\"password\"");
      assertThat(page.form("/oauth/sign-in").get("csrf")).hasSize(32);
      Page signedIn = signIn(browser, page, w.username(), Fixtures.PASSWORD);
      assertThat(signedIn.status()).isEqualTo(303);
      assertThat(signedIn.location()).startsWith("/oauth/authenticate?");
      String cookie =
          signedIn.headers("Set-Cookie").stream()
              .filter(c -> c.startsWith("keyport_session="))
              .findFirst()
              .orElseThrow();
      assertThat(cookie)
          .contains("HttpOnly")
          .contains("SameSite=Lax")
          .contains("Max-Age=43200")
          .contains("Path=/oauth")
          .doesNotContain("Secure");
      assertThat(browser.cookie("keyport_session")).hasSize(43);
    }

    @Test
    void theCookieIsSecureWhenThePublicUrlIsHttps() {
      ServerConfig c = backend().config();
      ServerConfig https =
          new ServerConfig(
              c.bind(),
              0,
              c.dataDir(),
              c.dbUrl(),
              c.dbUser(),
              c.dbPassword(),
              true,
              "https://keyport.example",
              1_000_000,
              1_000_000,
              1_000_000,
              false);
      try (KeyportServer secure = KeyportServer.start(https, clock)) {
        Http h = Http.to(secure.baseUrl());
        Fixtures.signUp(h, "secure_user", Fixtures.PASSWORD);
        String dev =
            Fixtures.passwordGrant(h, "secure_user", Fixtures.PASSWORD)
                .path("access_token")
                .asText();
        String clientId = Fixtures.createApp(h, dev, "Secure App").path("client_id").asText();
        WebClient browser = new WebClient(secure.baseUrl());
        Page page =
            browser.get(
                url(
                    "authenticate",
                    request(clientId, "http://localhost:8000", "stream", Pkce.fresh())));
        assertThat(page.headers("Set-Cookie"))
            .anyMatch(s -> s.startsWith("keyport_csrf=") && s.contains("; Secure"));
        // This test talks plain http to a server that believes it is behind https: hand the cookie
        // over.
        browser.setCookie("keyport_csrf", page.form("/oauth/sign-in").get("csrf"));
        Page signedIn = signIn(browser, page, "secure_user", Fixtures.PASSWORD);
        assertThat(signedIn.headers("Set-Cookie"))
            .anyMatch(s -> s.startsWith("keyport_session=") && s.contains("; Secure"));
        assertThat(h.get("/.well-known/oauth-authorization-server").json().path("issuer").asText())
            .isEqualTo("https://keyport.example");
      }
    }

    @Test
    void aWrongPasswordShowsAGenericErrorAndKeepsTheUsername() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Page page =
          browser.get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      Page wrong = signIn(browser, page, w.username(), "not the password");
      Page unknown = signIn(browser, page, "no_such_user", "not the password");
      for (Page p : List.of(wrong, unknown)) {
        assertThat(p.status()).isEqualTo(401);
        assertThat(p.body()).contains("The username or password is wrong.");
        assertPageHeaders(p);
        assertThat(p.headers("Set-Cookie"))
            .noneMatch(s -> s.startsWith("keyport_session=") && !s.contains("Max-Age=0"));
      }
      assertThat(wrong.form("/oauth/sign-in").get("username")).isEqualTo(w.username());
      assertThat(wrong.body()).doesNotContain("not the password");
      // The page still works: the right password now signs in.
      assertThat(signIn(browser, wrong, w.username(), Fixtures.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void aSignInWithoutTheCsrfTokenIsRefused() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Page page =
          browser.get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      Page refused =
          browser.submit(
              page,
              "/oauth/sign-in",
              withoutCsrf("username", w.username(), "password", Fixtures.PASSWORD));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(browser.cookie("keyport_session")).isNull();
      Page wrongCsrf =
          browser.submit(
              page,
              "/oauth/sign-in",
              Map.of(
                  "csrf", "A".repeat(32), "username", w.username(), "password", Fixtures.PASSWORD));
      assertThat(wrongCsrf.status()).isEqualTo(403);
      // A browser without the CSRF cookie (another site posting the form) is refused as well.
      WebClient other = new WebClient(server.baseUrl());
      assertThat(other.post("/oauth/sign-in", page.form("/oauth/sign-in")).status()).isEqualTo(403);
      assertThat(other.cookie("keyport_session")).isNull();
    }

    @Test
    void aConsentWithoutTheSessionsCsrfTokenIsRefusedAndNothingRedirects() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> params = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      Page page = browser.get(url("authorize", params));
      page = browser.get(signIn(browser, page, w.username(), Fixtures.PASSWORD).location());
      Page refused = browser.submit(page, "/oauth/consent", withoutCsrf("decision", "allow"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.location()).isNull();
      Map<String, String> wrong = Map.of("decision", "allow", "csrf", "B".repeat(32));
      assertThat(browser.submit(page, "/oauth/consent", wrong).status()).isEqualTo(403);
      // Another browser (no session) posting a copy of the form gets nothing.
      WebClient other = new WebClient(server.baseUrl());
      assertThat(
              other
                  .post("/oauth/consent", with(page.form("/oauth/consent"), "decision", "allow"))
                  .status())
          .isEqualTo(403);
    }

    @Test
    void theSignInPageSharesThePasswordGrantsThrottle() {
      clock.advance(Duration.ofMinutes(6)); // earlier failures from this address are forgotten
      World w = world();
      for (int i = 0; i < 10; i++) {
        Http.Response r =
            http.postForm(
                "/oauth/access_token",
                form(
                    "grant_type",
                    "password",
                    "client_id",
                    "keyport-desktop",
                    "username",
                    w.username(),
                    "password",
                    "wrong password " + i));
        assertThat(r.status()).isEqualTo(400);
      }
      WebClient browser = new WebClient(server.baseUrl());
      Page page =
          browser.get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      Page throttled =
          signIn(browser, page, w.username(), Fixtures.PASSWORD); // even the right password
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.body()).contains("Too many failed sign-ins");
      assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 300L);
      assertThat(throttled.form("/oauth/sign-in").get("username")).isEqualTo(w.username());
      clock.advance(Duration.ofMinutes(6));
      // Failures on the page count for the password grant as well.
      World v = world();
      Page other =
          browser.get(url("authenticate", request(v.clientId(), CALLBACK, "stream", Pkce.fresh())));
      for (int i = 0; i < 10; i++) {
        assertThat(signIn(browser, other, v.username(), "wrong password " + i).status())
            .isEqualTo(401);
      }
      Http.Response grant =
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  v.username(),
                  "password",
                  Fixtures.PASSWORD));
      assertThat(grant.status()).as(grant.toString()).isEqualTo(429);
      clock.advance(Duration.ofMinutes(6));
    }

    @Test
    void aSessionLastsTwelveHours() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      tokenFor(w, browser, "stream");
      Map<String, String> params = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      clock.advance(Duration.ofHours(11).plusMinutes(59));
      assertThat(browser.get(url("authenticate", params)).status())
          .as("still signed in, consent remembered")
          .isEqualTo(302);
      clock.advance(Duration.ofMinutes(2));
      Page page = browser.get(url("authenticate", params));
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.hasForm("/oauth/sign-in")).isTrue();
    }

    @Test
    void signingOutEndsTheSessionEverywhere() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> params = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      Page consent = browser.get(url("authorize", params));
      consent = browser.get(signIn(browser, consent, w.username(), Fixtures.PASSWORD).location());
      String session = browser.cookie("keyport_session");
      // Without the CSRF token, signing out is refused (no one can sign you out from another site).
      assertThat(browser.submit(consent, "/oauth/sign-out", withoutCsrf()).status()).isEqualTo(403);
      Page out = browser.submit(consent, "/oauth/sign-out", Map.of());
      assertThat(out.status()).isEqualTo(200);
      assertThat(out.body()).contains("Signed out");
      assertPageHeaders(out);
      assertThat(browser.get(url("authorize", params)).hasForm("/oauth/sign-in")).isTrue();
      // The old cookie value is worth nothing now, in any browser.
      WebClient thief = new WebClient(server.baseUrl());
      thief.setCookie("keyport_session", session);
      assertThat(thief.get(url("authorize", params)).hasForm("/oauth/sign-in")).isTrue();
    }

    // ---------------------------------------------------------------- consent

    @Test
    void theConsentPageNamesTheAppItsWebsiteAndDeveloperAndMarksNewScopes() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      tokenFor(w, browser, "stream");
      Page page =
          browser.get(
              url("authorize", request(w.clientId(), CALLBACK, "stream export", Pkce.fresh())));
      assertThat(page.status()).isEqualTo(200);
      assertPageHeaders(page);
      String html = page.body();
      assertThat(html)
          .contains("Web App")
          .contains("https://example.com/app")
          .contains(w.username());
      assertThat(html)
          .contains("See your basic profile information.")
          .contains("Read your stream.")
          .contains("Bulk export all of your data");
      assertThat(section(html, "scope-stream")).contains("already granted");
      assertThat(section(html, "scope-export")).contains(">new<").contains("sensitive");
      assertThat(html).contains("id=\"export-warning\"");
      assertThat(page.form("/oauth/consent"))
          .containsKeys("csrf", "client_id", "redirect_uri", "code_challenge");
      assertThat(html).contains("value=\"allow\"").contains("value=\"deny\"");
      // No export: no warning.
      Page plain =
          browser.get(url("authorize", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      assertThat(plain.body()).doesNotContain("id=\"export-warning\"");
    }

    static String section(String html, String id) {
      int start = html.indexOf("id=\"" + id + "\"");
      assertThat(start).as(id + " in " + html).isNotNegative();
      return html.substring(start, html.indexOf("</li>", start));
    }

    @Test
    void anAppsNameIsEscapedOnEveryPage() {
      String username = Fixtures.uniqueName("esc");
      Fixtures.signUp(http, username, Fixtures.PASSWORD);
      String dev =
          Fixtures.passwordGrant(http, username, Fixtures.PASSWORD).path("access_token").asText();
      String clientId =
          Fixtures.createApp(http, dev, "<script>alert(1)</script>\"'&").path("client_id").asText();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> params =
          request(clientId, "http://localhost:8000", "stream", Pkce.fresh());
      Page page = browser.get(url("authorize", with(params, "state", "\"><script>x</script>")));
      assertThat(page.body()).doesNotContain("<script>").contains("&lt;script&gt;");
      page = browser.get(signIn(browser, page, username, Fixtures.PASSWORD).location());
      assertThat(page.body()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)");
      assertThat(page.form("/oauth/consent").get("state")).isEqualTo("\"><script>x</script>");
    }

    @Test
    void denyRedirectsWithAccessDenied() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Map<String, String> params = request(w.clientId(), CALLBACK, "stream", Pkce.fresh());
      Page page = browser.get(url("authenticate", params));
      page = browser.get(signIn(browser, page, w.username(), Fixtures.PASSWORD).location());
      Page denied = browser.submit(page, "/oauth/consent", Map.of("decision", "deny"));
      assertThat(denied.status()).isEqualTo(303);
      assertThat(denied.redirectParams())
          .containsEntry("error", "access_denied")
          .containsEntry("state", params.get("state"))
          .doesNotContainKey("code");
      // Nothing was remembered: asking again shows the page again.
      assertThat(browser.get(url("authenticate", params)).hasForm("/oauth/consent")).isTrue();
    }

    @Test
    void consentIsRememberedByAuthenticateButAuthorizeAlwaysAsks() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      tokenFor(w, browser, "stream write_post");
      Page skipped =
          browser.get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      assertThat(skipped.status()).as("a narrower set: no page").isEqualTo(302);
      assertThat(skipped.redirectParams()).containsKey("code");
      assertThat(
              browser
                  .get(url("authorize", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())))
                  .hasForm("/oauth/consent"))
          .isTrue();
      assertThat(
              browser
                  .get(
                      url(
                          "authenticate",
                          request(w.clientId(), CALLBACK, "stream messages", Pkce.fresh())))
                  .hasForm("/oauth/consent"))
          .as("a wider set asks")
          .isTrue();
      // Consent is the user's: another user is asked.
      World v = world();
      WebClient second = new WebClient(server.baseUrl());
      Page page =
          second.get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())));
      page = second.get(signIn(second, page, v.username(), Fixtures.PASSWORD).location());
      assertThat(page.hasForm("/oauth/consent")).isTrue();
    }

    // ---------------------------------------------------------------- codes and the exchange

    @Test
    void allowRedirectsWithACodeAndStateWhichBuysAWorkingToken() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      Map<String, String> params = request(w.clientId(), CALLBACK, "stream", pkce);
      Map<String, String> back = authorize(browser, w, params);
      assertThat(back.get("state")).isEqualTo(params.get("state"));
      assertThat(back.get("iss")).isEqualTo(server.baseUrl().toString());
      assertThat(back.get("code")).hasSize(TokenFormat.CODE_LENGTH);
      // HTTP Basic this time.
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  (w.clientId() + ":" + w.clientSecret()).getBytes(StandardCharsets.UTF_8));
      Http.Response r =
          http.header("Authorization", "Basic " + basic)
              .postForm(
                  "/oauth/access_token",
                  form(
                      "grant_type",
                      "authorization_code",
                      "code",
                      back.get("code"),
                      "redirect_uri",
                      CALLBACK,
                      "code_verifier",
                      pkce.verifier()));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.json().path("token_type").asText()).isEqualTo("bearer");
      assertThat(r.json().path("token").path("app").path("client_id").asText())
          .isEqualTo(w.clientId());
      // The app's name and website are read with the code, inside the group's transaction.
      assertThat(r.json().path("token").path("app").path("name").asText()).isEqualTo("Web App");
      assertThat(r.json().path("token").path("app").path("link").asText())
          .isEqualTo("https://example.com/app");
      assertThat(r.json().path("token").path("user").path("username").asText())
          .isEqualTo(w.username());
      String token = r.json().path("access_token").asText();
      assertThat(token).startsWith("kpu_");
      Http.Response me = http.bearer(token).get("/stream/0/users/me");
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.data().path("username").asText()).isEqualTo(w.username());
      // No developer scope: the app cannot manage the user's apps.
      assertThat(http.bearer(token).get("/account/0/apps").status()).isEqualTo(403);
    }

    @Test
    void aCodeIsSingleUseAndASecondUseRevokesWhatTheFirstIssued() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      Map<String, String> back =
          authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      Http.Response first = exchange(w, back.get("code"), CALLBACK, pkce.verifier());
      String token = first.json().path("access_token").asText();
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
      Fixtures.assertOAuthError(
          exchange(w, back.get("code"), CALLBACK, pkce.verifier()), 400, "invalid_grant");
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(401);
    }

    @Test
    void aCodeKeptUnderItsWholeHashAsBeforeStillRedeemsOnceAndItsReuseRevokes() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      Secret code =
          Secret.of(
              authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce)).get("code"));
      // As a server before this one would have issued and kept it: 43 random characters, kept
      // under their whole SHA-256.
      Secret before = Secret.of(TokenFormat.randomBase62(43));
      try (Database db = Database.open(config)) {
        assertThat(
                db.jdbc()
                    .update(
                        "update auth_codes set code_hash = ? where code_hash = ?",
                        Hashing.sha256Hex(before),
                        Hashing.codeKey(code)))
            .as("the code's row, found by its key")
            .isEqualTo(1);
      }
      Http.Response first = exchange(w, before.reveal(), CALLBACK, pkce.verifier());
      assertThat(first.status()).as(first.toString()).isEqualTo(200);
      String token = first.json().path("access_token").asText();
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
      Fixtures.assertOAuthError(
          exchange(w, before.reveal(), CALLBACK, pkce.verifier()), 400, "invalid_grant");
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(401);
      // The new form of it names no row now.
      Http.Response gone = exchange(w, code.reveal(), CALLBACK, pkce.verifier());
      Fixtures.assertOAuthError(gone, 400, "invalid_grant");
      assertThat(gone.json().path("error_description").asText()).isEqualTo("unknown code");
    }

    @Test
    void aCodeLivesSixtySeconds() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      Map<String, String> back =
          authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      clock.advance(Duration.ofSeconds(59));
      Pkce other = Pkce.fresh();
      Map<String, String> second =
          authorize(browser, w, request(w.clientId(), CALLBACK, "stream", other));
      clock.advance(Duration.ofSeconds(2));
      Http.Response late = exchange(w, back.get("code"), CALLBACK, pkce.verifier());
      Fixtures.assertOAuthError(late, 400, "invalid_grant");
      assertThat(late.json().path("error_description").asText()).contains("expired");
      assertThat(exchange(w, second.get("code"), CALLBACK, other.verifier()).status())
          .isEqualTo(200);
    }

    @Test
    void aCodeIsBoundToItsClientRedirectUriAndChallenge() {
      World w = world();
      World v = world();
      WebClient browser = new WebClient(server.baseUrl());
      // Each wrong redemption uses the code up: one code per attempt.
      Pkce pkce = Pkce.fresh();
      Map<String, String> back =
          authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      Fixtures.assertOAuthError(
          exchange(v, back.get("code"), CALLBACK, pkce.verifier()), 400, "invalid_grant");
      pkce = Pkce.fresh();
      back = authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      Fixtures.assertOAuthError(
          exchange(w, back.get("code"), "https://app.example.com/cb?x=1", pkce.verifier()),
          400,
          "invalid_grant");
      pkce = Pkce.fresh();
      back = authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      Fixtures.assertOAuthError(
          exchange(w, back.get("code"), CALLBACK, Pkce.fresh().verifier()), 400, "invalid_grant");
      Fixtures.assertOAuthError(
          exchange(w, back.get("code"), CALLBACK, pkce.verifier()), 400, "invalid_grant");
      // The challenge itself is no verifier.
      pkce = Pkce.fresh();
      back = authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      Fixtures.assertOAuthError(
          exchange(w, back.get("code"), CALLBACK, pkce.challenge()), 400, "invalid_grant");
      Fixtures.assertOAuthError(
          exchange(w, "no-such-code", CALLBACK, pkce.verifier()), 400, "invalid_grant");
    }

    @Test
    void theExchangeNeedsItsParametersAndAnAuthenticatedClient() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      Pkce pkce = Pkce.fresh();
      Map<String, String> back =
          authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      String code = back.get("code");
      Fixtures.assertOAuthError(
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "authorization_code",
                  "code",
                  code,
                  "redirect_uri",
                  CALLBACK,
                  "code_verifier",
                  pkce.verifier(),
                  "client_id",
                  w.clientId())),
          401,
          "invalid_client");
      Fixtures.assertOAuthError(
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "authorization_code",
                  "code",
                  code,
                  "redirect_uri",
                  CALLBACK,
                  "code_verifier",
                  pkce.verifier(),
                  "client_id",
                  w.clientId(),
                  "client_secret",
                  "kps_wrong")),
          401,
          "invalid_client");
      for (String missing : List.of("code", "redirect_uri", "code_verifier")) {
        Map<String, String> fields =
            new LinkedHashMap<>(
                Map.of(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    CALLBACK,
                    "code_verifier",
                    pkce.verifier(),
                    "client_id",
                    w.clientId(),
                    "client_secret",
                    w.clientSecret()));
        fields.remove(missing);
        Http.Response r = http.postForm("/oauth/access_token", WebClient.encode(fields));
        Fixtures.assertOAuthError(r, 400, "invalid_request");
        assertThat(r.json().path("error_description").asText()).contains(missing);
      }
      // None of that used the code up.
      assertThat(exchange(w, code, CALLBACK, pkce.verifier()).status()).isEqualTo(200);
      // keyport-desktop cannot redeem an app's code.
      pkce = Pkce.fresh();
      back = authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
      Fixtures.assertOAuthError(
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "authorization_code",
                  "client_id",
                  "keyport-desktop",
                  "code",
                  back.get("code"),
                  "redirect_uri",
                  CALLBACK,
                  "code_verifier",
                  pkce.verifier())),
          400,
          "invalid_grant");
    }

    @Test
    void eachAuthorizationIsItsOwnTokenAndAtMostTenLivePerUserAndApp() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      String own =
          Fixtures.ownToken(http, w.developerToken(), w.appId(), "{\"scopes\": [\"stream\"]}")
              .path("access_token")
              .asText();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        tokens.add(tokenFor(w, browser, "stream"));
      }
      assertThat(tokens).doesNotHaveDuplicates();
      assertThat(http.bearer(tokens.get(0)).get("/stream/0/token").status())
          .as("the oldest")
          .isEqualTo(401);
      for (String t : tokens.subList(1, 11)) {
        assertThat(http.bearer(t).get("/stream/0/token").status()).isEqualTo(200);
      }
      assertThat(http.bearer(own).get("/stream/0/token").status())
          .as("the own token is separate")
          .isEqualTo(200);
      // A new own token leaves the web tokens alone.
      Fixtures.ownToken(http, w.developerToken(), w.appId(), "{\"scopes\": [\"stream\"]}");
      assertThat(http.bearer(tokens.get(10)).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(http.bearer(own).get("/stream/0/token").status()).isEqualTo(401);
    }

    /** A code minted for {@code w} through the browser, and the verifier it needs. */
    record Minted(String code, String verifier) {}

    List<Minted> mint(World w, int n) {
      WebClient browser = new WebClient(server.baseUrl());
      List<Minted> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Pkce pkce = Pkce.fresh();
        Map<String, String> back =
            authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
        out.add(new Minted(back.get("code"), pkce.verifier()));
      }
      return out;
    }

    /**
     * Exchanges every code at once (each as many times as listed), from many threads, the i-th at
     * {@code servers[i % servers.length]} (this class's server if none).
     */
    List<Http.Response> exchangeAtOnce(World w, List<Minted> codes, Http... servers)
        throws Exception {
      Http[] at = servers.length == 0 ? new Http[] {http} : servers;
      ExecutorService threads = Executors.newFixedThreadPool(codes.size());
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
          Minted m = codes.get(i);
          Http on = at[i % at.length];
          answers.add(
              threads.submit(
                  () -> {
                    go.await();
                    return exchange(on, w, m.code(), CALLBACK, m.verifier());
                  }));
        }
        go.countDown();
        List<Http.Response> out = new ArrayList<>();
        for (Future<Http.Response> a : answers) {
          out.add(a.get(60, TimeUnit.SECONDS));
        }
        return out;
      } finally {
        threads.shutdownNow();
      }
    }

    boolean live(String token) {
      return http.bearer(token).get("/stream/0/token").status() == 200;
    }

    @Test
    void manyExchangesAtOnceKeepSingleUseAndTheLimitExactly() throws Exception {
      World w = world();
      // Every code twice, all at once: one token each, and the other use revokes it.
      List<Minted> twice = mint(w, 20);
      List<Minted> doubled = new ArrayList<>(twice);
      doubled.addAll(twice);
      List<Http.Response> answers = exchangeAtOnce(w, doubled);
      List<String> issued = new ArrayList<>();
      for (int i = 0; i < twice.size(); i++) {
        Http.Response a = answers.get(i);
        Http.Response b = answers.get(i + twice.size());
        assertThat(List.of(a.status(), b.status()))
            .as("%s / %s", a, b)
            .containsExactlyInAnyOrder(200, 400);
        Http.Response refused = a.status() == 400 ? a : b;
        Fixtures.assertOAuthError(refused, 400, "invalid_grant");
        issued.add((a.status() == 200 ? a : b).json().path("access_token").asText());
      }
      assertThat(issued).doesNotHaveDuplicates();
      for (String t : issued) {
        assertThat(live(t)).as("a token of a code used twice").isFalse();
      }
      // 25 codes once each, all at once: 25 tokens, exactly 10 of them live.
      List<Http.Response> once = exchangeAtOnce(w, mint(w, 25));
      List<String> tokens = new ArrayList<>();
      for (Http.Response r : once) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        tokens.add(r.json().path("access_token").asText());
      }
      assertThat(tokens).doesNotHaveDuplicates();
      List<String> live = tokens.stream().filter(this::live).toList();
      assertThat(live).hasSize(WebSignIn.MAX_LIVE_WEB_TOKENS);
      // One more: it is live, one of those ten is revoked.
      Minted last = mint(w, 1).get(0);
      Http.Response newest = exchange(w, last.code(), CALLBACK, last.verifier());
      assertThat(newest.status()).as(newest.toString()).isEqualTo(200);
      assertThat(live(newest.json().path("access_token").asText())).isTrue();
      assertThat(live.stream().filter(this::live).count())
          .isEqualTo(WebSignIn.MAX_LIVE_WEB_TOKENS - 1);
    }

    // ---------------------------------------------------------------- discovery, introspection,
    // revocation

    @Test
    void metadataFollowsRfc8414() {
      JsonNode m = http.get("/.well-known/oauth-authorization-server").json();
      String issuer = server.baseUrl().toString();
      assertThat(m.path("issuer").asText()).isEqualTo(issuer);
      assertThat(m.path("authorization_endpoint").asText())
          .isEqualTo(issuer + "/oauth/authenticate");
      assertThat(m.path("token_endpoint").asText()).isEqualTo(issuer + "/oauth/access_token");
      assertThat(m.path("introspection_endpoint").asText()).isEqualTo(issuer + "/oauth/introspect");
      assertThat(m.path("revocation_endpoint").asText()).isEqualTo(issuer + "/oauth/revoke");
      assertThat(m.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
      assertThat(m.path("response_types_supported").toString()).isEqualTo("[\"code\"]");
      assertThat(m.path("scopes_supported").toString())
          .contains("basic")
          .contains("export")
          .doesNotContain("developer");
      assertThat(m.path("grant_types_supported").toString())
          .contains("authorization_code")
          .doesNotContain("implicit");
    }

    @Test
    void introspectionTellsAClientAboutItsOwnTokensOnly() {
      World w = world();
      World v = world();
      WebClient browser = new WebClient(server.baseUrl());
      String token = tokenFor(w, browser, "stream");
      Http.Response r =
          http.postForm(
              "/oauth/introspect",
              form("token", token, "client_id", w.clientId(), "client_secret", w.clientSecret()));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      JsonNode json = r.json();
      assertThat(json.path("active").asBoolean()).isTrue();
      assertThat(json.path("scope").asText()).isEqualTo("basic stream");
      assertThat(json.path("client_id").asText()).isEqualTo(w.clientId());
      assertThat(json.path("username").asText()).isEqualTo(w.username());
      assertThat(json.path("token_type").asText()).isEqualTo("bearer");
      assertThat(json.path("iat").asLong()).isPositive();
      String basic =
          Base64.getEncoder()
              .encodeToString(
                  (v.clientId() + ":" + v.clientSecret()).getBytes(StandardCharsets.UTF_8));
      Http.Response other =
          http.header("Authorization", "Basic " + basic)
              .postForm("/oauth/introspect", form("token", token));
      assertThat(other.body()).isEqualTo("{\"active\":false}");
      assertThat(
              http.postForm(
                      "/oauth/introspect",
                      form(
                          "token",
                          "kpu_nonsense",
                          "client_id",
                          w.clientId(),
                          "client_secret",
                          w.clientSecret()))
                  .body())
          .isEqualTo("{\"active\":false}");
      Fixtures.assertOAuthError(
          http.postForm(
              "/oauth/introspect",
              form("token", token, "client_id", w.clientId(), "client_secret", "kps_wrong")),
          401,
          "invalid_client");
      Fixtures.assertOAuthError(
          http.postForm(
              "/oauth/introspect",
              form("client_id", w.clientId(), "client_secret", w.clientSecret())),
          400,
          "invalid_request");
    }

    @Test
    void revocationRevokesTheClientsOwnTokensAndSaysOkToAnything() {
      World w = world();
      World v = world();
      WebClient browser = new WebClient(server.baseUrl());
      String token = tokenFor(w, browser, "stream");
      Http.Response other =
          http.postForm(
              "/oauth/revoke",
              form("token", token, "client_id", v.clientId(), "client_secret", v.clientSecret()));
      assertThat(other.status()).isEqualTo(200);
      assertThat(http.bearer(token).get("/stream/0/token").status())
          .as("another client's token stays")
          .isEqualTo(200);
      assertThat(
              http.postForm(
                      "/oauth/revoke",
                      form(
                          "token",
                          "kpu_unknown",
                          "client_id",
                          w.clientId(),
                          "client_secret",
                          w.clientSecret()))
                  .status())
          .isEqualTo(200);
      Http.Response own =
          http.postForm(
              "/oauth/revoke",
              form(
                  "token",
                  token,
                  "token_type_hint",
                  "access_token",
                  "client_id",
                  w.clientId(),
                  "client_secret",
                  w.clientSecret()));
      assertThat(own.status()).isEqualTo(200);
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(401);
      Fixtures.assertOAuthError(
          http.postForm("/oauth/revoke", form("token", token)), 401, "invalid_client");
    }

    // ---------------------------------------------------------------- authorized apps

    @Test
    void aUserSeesAndRevokesTheAppsTheyAuthorized() {
      World w = world();
      WebClient browser = new WebClient(server.baseUrl());
      String first = tokenFor(w, browser, "stream");
      String second = tokenFor(w, browser, "stream write_post");
      Http.Response list = http.bearer(w.developerToken()).get("/account/0/authorizations");
      assertThat(list.status()).as(list.toString()).isEqualTo(200);
      JsonNode entry = list.data().get(0);
      assertThat(list.data().size()).isEqualTo(1);
      assertThat(entry.path("app").path("client_id").asText()).isEqualTo(w.clientId());
      assertThat(entry.path("app").path("name").asText()).isEqualTo("Web App");
      assertThat(entry.path("app").path("website").asText()).isEqualTo("https://example.com/app");
      assertThat(entry.path("app").path("developer").asText()).isEqualTo(w.username());
      assertThat(entry.path("scopes").toString())
          .isEqualTo("[\"basic\",\"stream\",\"write_post\"]");
      assertThat(entry.path("first_authorized_at").asText()).isNotBlank();
      assertThat(entry.path("last_authorized_at").asText()).isNotBlank();
      assertThat(entry.has("last_used_at")).isTrue();
      // An app token cannot look.
      assertThat(http.bearer(first).get("/account/0/authorizations").status()).isEqualTo(403);

      Http.Response revoked =
          http.bearer(w.developerToken()).delete("/account/0/authorizations/" + w.clientId());
      assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
      assertThat(http.bearer(first).get("/stream/0/token").status()).isEqualTo(401);
      assertThat(http.bearer(second).get("/stream/0/token").status()).isEqualTo(401);
      assertThat(http.bearer(w.developerToken()).get("/account/0/authorizations").data().size())
          .isZero();
      assertThat(
              browser
                  .get(url("authenticate", request(w.clientId(), CALLBACK, "stream", Pkce.fresh())))
                  .hasForm("/oauth/consent"))
          .as("the consent is forgotten")
          .isTrue();
      Fixtures.assertError(
          http.bearer(w.developerToken()).delete("/account/0/authorizations/" + w.clientId()),
          404,
          "not-found");
      Fixtures.assertError(
          http.bearer(w.developerToken()).delete("/account/0/authorizations/nonsense"),
          404,
          "not-found");
    }

    @Test
    void noSecretOfTheFlowReachesAnyLogLine() {
      List<String> secrets = new ArrayList<>();
      List<String> log;
      try (ScenarioLogTest.CaptureAll capture = new ScenarioLogTest.CaptureAll()) {
        World w = world();
        secrets.add(w.developerToken());
        secrets.add(w.clientSecret());
        WebClient browser = new WebClient(server.baseUrl());
        Pkce pkce = Pkce.fresh();
        secrets.add(pkce.verifier());
        Map<String, String> params = request(w.clientId(), CALLBACK, "stream", pkce);
        Page page = browser.get(url("authenticate", params));
        secrets.add(page.form("/oauth/sign-in").get("csrf"));
        signIn(browser, page, w.username(), "a wrong password 123");
        secrets.add("a wrong password 123");
        Map<String, String> back = authorize(browser, w, params);
        secrets.add(browser.cookie("keyport_session"));
        secrets.add(back.get("code"));
        Http.Response r = exchange(w, back.get("code"), CALLBACK, pkce.verifier());
        String token = r.json().path("access_token").asText();
        secrets.add(token);
        exchange(w, back.get("code"), CALLBACK, pkce.verifier()); // reuse: a logged failure path
        http.postForm(
            "/oauth/introspect",
            form("token", token, "client_id", w.clientId(), "client_secret", w.clientSecret()));
        http.postForm(
            "/oauth/revoke",
            form("token", token, "client_id", w.clientId(), "client_secret", w.clientSecret()));
        log = capture.events();
      }
      secrets.add(Fixtures.PASSWORD);
      assertThat(log).anyMatch(line -> line.contains("GET /oauth/authenticate"));
      for (String s : secrets) {
        assertThat(s).isNotBlank();
        String body = s.startsWith("kp") ? s.substring(4) : s;
        for (String line : log) {
          assertThat(line).as("a log line holds a secret").doesNotContain(s).doesNotContain(body);
        }
      }
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

    @Test
    void exchangesAtOnceOnTwoInstancesKeepTheLimitExactly() throws Exception {
      World w = world();
      try (KeyportServer second = KeyportServer.start(config, clock)) {
        for (int round = 0; round < 3; round++) {
          List<Http.Response> answers =
              exchangeAtOnce(w, mint(w, 24), http, Http.to(second.baseUrl()));
          List<String> tokens = new ArrayList<>();
          for (Http.Response r : answers) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            tokens.add(r.json().path("access_token").asText());
          }
          assertThat(tokens.stream().filter(this::live).count())
              .as("round %d", round)
              .isEqualTo(WebSignIn.MAX_LIVE_WEB_TOKENS);
        }
      }
    }

    @Test
    void aTokenRevokedByItsCodesReuseOnOneInstanceIsRefusedByTheOtherThatRememberedIt() {
      World w = world();
      try (KeyportServer second = KeyportServer.start(config, clock)) {
        WebClient browser = new WebClient(server.baseUrl());
        Pkce pkce = Pkce.fresh();
        Map<String, String> back =
            authorize(browser, w, request(w.clientId(), CALLBACK, "stream", pkce));
        Http.Response issued = exchange(w, back.get("code"), CALLBACK, pkce.verifier());
        String token = issued.json().path("access_token").asText();
        Http other = Http.to(second.baseUrl()).bearer(token);
        for (int i = 0; i < 3; i++) {
          assertThat(other.get("/stream/0/token").status()).isEqualTo(200);
        }
        long reusedAt = System.nanoTime();
        Fixtures.assertOAuthError(
            exchange(w, back.get("code"), CALLBACK, pkce.verifier()), 400, "invalid_grant");
        assertThat(ReadCacheTest.eventually(() -> other.get("/stream/0/token").status() == 401))
            .as("the other instance refuses the token")
            .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - reusedAt))
            .as("heard of, not aged out")
            .isLessThan(ReadCacheTest.NOTICE_BOUND);
      }
    }

    @Test
    void twoInstancesShareSessionsCodesAndConsents() {
      World w = world();
      try (KeyportServer second = KeyportServer.start(config, clock)) {
        WebClient onFirst = new WebClient(server.baseUrl());
        Pkce pkce = Pkce.fresh();
        Map<String, String> params = request(w.clientId(), CALLBACK, "stream", pkce);
        Page page = onFirst.get(url("authenticate", params));
        signIn(onFirst, page, w.username(), Fixtures.PASSWORD);
        // The same browser, its next request served by the other instance.
        WebClient onSecond = new WebClient(second.baseUrl());
        onSecond.setCookie("keyport_session", onFirst.cookie("keyport_session"));
        Page consent = onSecond.get(url("authenticate", params));
        assertThat(consent.hasForm("/oauth/consent")).as(consent.toString()).isTrue();
        Page back = onSecond.submit(consent, "/oauth/consent", Map.of("decision", "allow"));
        String code = back.redirectParams().get("code");
        assertThat(exchange(w, code, CALLBACK, pkce.verifier()).status()).isEqualTo(200);
        Http.Response reuse =
            Http.to(second.baseUrl())
                .postForm(
                    "/oauth/access_token",
                    form(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        CALLBACK,
                        "code_verifier",
                        pkce.verifier(),
                        "client_id",
                        w.clientId(),
                        "client_secret",
                        w.clientSecret()));
        Fixtures.assertOAuthError(reuse, 400, "invalid_grant");
        // Remembered consent, on the first instance.
        assertThat(
                onFirst
                    .get(
                        url(
                            "authenticate",
                            request(w.clientId(), CALLBACK, "stream", Pkce.fresh())))
                    .status())
            .isEqualTo(302);
      }
    }
  }
}
