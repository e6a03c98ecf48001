package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.server.core.TokenCache;
import io.keyport.testing.Http;
import io.keyport.testing.Pkce;
import io.keyport.testing.SharedServers;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import io.keyport.testing.WebClient.Page;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The read paths remember what they read between requests (sessions, consents, accounts, apps,
 * channels: TokenCache's rules). What one server changes must reach the others on the same
 * PostgreSQL as a revocation does: each case reads through the second server first (so it is
 * remembered), changes it through the first, and expects the second to honour it within
 * milliseconds (the write notice; TeamServerTest covers the bound when notices are lost).
 */
class ReadCacheTest {
  private static final String CALLBACK = "http://localhost:8000/callback";
  private static SharedServers servers;

  @BeforeAll
  static void start() {
    servers = SharedServers.start();
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  /** A user with a password, a developer token and an app: {username, developer, clientId}. */
  static String[] world(Http http) {
    String username = Fixtures.uniqueName("rc");
    Fixtures.signUp(http, username, Fixtures.PASSWORD);
    String dev =
        Fixtures.passwordGrant(http, username, Fixtures.PASSWORD).path("access_token").asText();
    Http.Response created =
        http.bearer(dev)
            .postJson(
                "/account/0/apps",
                "{\"name\": \"Cached App\", \"website\": \"https://example.com/app\","
                    + " \"callback_urls\": [\""
                    + CALLBACK
                    + "\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    return new String[] {username, dev, created.data().path("client_id").asText()};
  }

  static String url(String endpoint, String clientId) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_id", clientId);
    params.put("response_type", "code");
    params.put("redirect_uri", CALLBACK);
    params.put("scope", "stream");
    params.put("state", "st");
    params.put("code_challenge", Pkce.fresh().challenge());
    params.put("code_challenge_method", "S256");
    return "/oauth/" + endpoint + "?" + WebClient.encode(params);
  }

  /** Signs {@code username} in on {@code browser}'s server; returns the consent page. */
  static Page signedIn(WebClient browser, String username, String clientId) {
    Page page = browser.get(url("authorize", clientId));
    Page in =
        browser.submit(
            page, "/oauth/sign-in", Map.of("username", username, "password", Fixtures.PASSWORD));
    assertThat(in.status()).as(in.toString()).isEqualTo(303);
    Page consent = browser.get(in.location());
    assertThat(consent.hasForm("/oauth/consent")).as(consent.toString()).isTrue();
    return consent;
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aSignedOutSessionIsRefusedAtOnceThoughItWasJustUsed(TestServers kind) {
    KeyportServer server = servers.server(kind);
    String[] w = world(Http.to(server.baseUrl()));
    WebClient browser = new WebClient(server.baseUrl());
    Page consent = signedIn(browser, w[0], w[2]);
    String session = browser.cookie("keyport_session");
    WebClient copy = new WebClient(server.baseUrl());
    copy.setCookie("keyport_session", session);
    for (int i = 0; i < 3; i++) {
      assertThat(copy.get(url("authorize", w[2])).hasForm("/oauth/consent")).isTrue();
    }
    assertThat(browser.submit(consent, "/oauth/sign-out", Map.of()).status()).isEqualTo(200);
    assertThat(copy.get(url("authorize", w[2])).hasForm("/oauth/sign-in")).isTrue();
  }

  @Test
  void onPostgresASessionSignedOutThroughOneServerIsRefusedByTheOther() {
    String[] w = world(Http.to(servers.pg().baseUrl()));
    WebClient browser = new WebClient(servers.pg().baseUrl());
    Page consent = signedIn(browser, w[0], w[2]);
    WebClient there = new WebClient(servers.pgOther().baseUrl());
    there.setCookie("keyport_session", browser.cookie("keyport_session"));
    for (int i = 0; i < 3; i++) {
      assertThat(there.get(url("authorize", w[2])).hasForm("/oauth/consent")).isTrue();
    }
    assertThat(browser.submit(consent, "/oauth/sign-out", Map.of()).status()).isEqualTo(200);
    assertThat(eventually(() -> there.get(url("authorize", w[2])).hasForm("/oauth/sign-in")))
        .as("the other server asks to sign in again")
        .isTrue();
  }

  @Test
  void onPostgresAConsentForgottenThroughOneServerIsAskedForAgainByTheOther() {
    Http http = Http.to(servers.pg().baseUrl());
    String[] w = world(http);
    WebClient browser = new WebClient(servers.pg().baseUrl());
    Page consent = signedIn(browser, w[0], w[2]);
    assertThat(browser.submit(consent, "/oauth/consent", Map.of("decision", "allow")).status())
        .isEqualTo(303);
    WebClient there = new WebClient(servers.pgOther().baseUrl());
    there.setCookie("keyport_session", browser.cookie("keyport_session"));
    for (int i = 0; i < 3; i++) {
      Page skipped = there.get(url("authenticate", w[2]));
      assertThat(skipped.status()).as("consented: no page").isEqualTo(302);
      assertThat(skipped.location()).startsWith(CALLBACK + "?code=");
    }
    assertThat(http.bearer(w[1]).delete("/account/0/authorizations/" + w[2]).status())
        .isEqualTo(200);
    assertThat(eventually(() -> there.get(url("authenticate", w[2])).hasForm("/oauth/consent")))
        .as("the other server asks for consent again")
        .isTrue();
  }

  @Test
  void onPostgresAConsentGivenThroughOneServerIsUsedByTheOtherThoughItRememberedNone() {
    String[] w = world(Http.to(servers.pg().baseUrl()));
    WebClient browser = new WebClient(servers.pg().baseUrl());
    Page consent = signedIn(browser, w[0], w[2]);
    WebClient there = new WebClient(servers.pgOther().baseUrl());
    there.setCookie("keyport_session", browser.cookie("keyport_session"));
    for (int i = 0; i < 3; i++) {
      assertThat(there.get(url("authenticate", w[2])).hasForm("/oauth/consent")).isTrue();
    }
    assertThat(browser.submit(consent, "/oauth/consent", Map.of("decision", "allow")).status())
        .isEqualTo(303);
    assertThat(eventually(() -> there.get(url("authenticate", w[2])).status() == 302))
        .as("the other server skips the page now")
        .isTrue();
  }

  @Test
  void onPostgresATokenRevokedThroughOneServerIsInactiveInTheOthersIntrospection() {
    Http first = Http.to(servers.pg().baseUrl());
    Http other = Http.to(servers.pgOther().baseUrl());
    String developer = Fixtures.developer(first);
    JsonNode app = Fixtures.createApp(first, developer, Fixtures.uniqueName("Intro"));
    String token =
        Fixtures.ownToken(
                first, developer, app.path("id").asText(), "{\"scopes\": [\"basic\", \"stream\"]}")
            .path("access_token")
            .asText();
    String form =
        Fixtures.form(
            "token",
            token,
            "client_id",
            app.path("client_id").asText(),
            "client_secret",
            app.path("client_secret").asText());
    for (int i = 0; i < 3; i++) {
      Http.Response r = other.postForm("/oauth/introspect", form);
      assertThat(r.json().path("active").asBoolean()).as(r.toString()).isTrue();
      assertThat(r.json().path("username").asText()).isNotBlank();
    }
    assertThat(first.bearer(token).delete("/stream/0/token").status()).isEqualTo(200);
    assertThat(
            eventually(
                () -> !other.postForm("/oauth/introspect", form).json().path("active").asBoolean()))
        .as("the other server says inactive")
        .isTrue();
  }

  /** A public broadcast channel of a fresh user: {token, channel id}. */
  static String[] channel(Http http) {
    String developer = Fixtures.developer(http);
    JsonNode app = Fixtures.createApp(http, developer, Fixtures.uniqueName("Chan"));
    String token =
        Fixtures.ownToken(
                http,
                developer,
                app.path("id").asText(),
                "{\"scopes\": [\"basic\", \"public_messages\", \"update_profile\"]}")
            .path("access_token")
            .asText();
    Http.Response created =
        http.bearer(token)
            .postJson(
                "/stream/0/channels",
                "{\"type\": \"net.app.core.broadcast\", \"annotations\": [{\"type\":"
                    + " \"net.app.core.broadcast.metadata\", \"value\": {\"title\": \"T\","
                    + " \"description\": \"D\"}}]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    return new String[] {token, created.data().path("id").asText()};
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aChannelShowsItsOwnersNewNameAtOnceAndItsMessagesNewestFirst(TestServers kind) {
    Http http = Http.to((kind == TestServers.H2 ? servers.h2() : servers.pg()).baseUrl());
    String[] c = channel(http);
    String path = "/stream/0/channels/" + c[1];
    assertThat(http.get(path).status()).isEqualTo(200);
    assertThat(
            http.bearer(c[0]).patchJson("/stream/0/users/me", "{\"name\": \"New Name\"}").status())
        .isEqualTo(200);
    assertThat(http.get(path).data().path("owner").path("name").asText()).isEqualTo("New Name");
    for (int i = 1; i <= 3; i++) {
      Http.Response posted =
          http.bearer(c[0])
              .postJson(
                  path + "/messages",
                  "{\"text\": \"m"
                      + i
                      + "\", \"annotations\": [{\"type\":"
                      + " \"net.app.core.broadcast.message.metadata\", \"value\": {\"subject\":"
                      + " \"s"
                      + i
                      + "\"}}, {\"type\": \"com.example.second\", \"value\": {\"n\": "
                      + i
                      + "}}]}");
      assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
    }
    Http.Response page = http.get(path + "/messages?count=2");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    JsonNode data = page.data();
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.get(0).path("text").asText()).isEqualTo("m3");
    assertThat(data.get(1).path("text").asText()).isEqualTo("m2");
    assertThat(data.get(0).path("user").path("name").asText()).isEqualTo("New Name");
    assertThat(data.get(0).path("annotations").toString())
        .isEqualTo(
            "[{\"type\":\"net.app.core.broadcast.message.metadata\",\"value\":{\"subject\":\"s3\"}},"
                + "{\"type\":\"com.example.second\",\"value\":{\"n\":3}}]");
    assertThat(page.meta().path("more").asBoolean()).isTrue();
    String before = page.meta().path("min_id").asText();
    JsonNode rest = http.get(path + "/messages?count=5&before_id=" + before).data();
    assertThat(rest.size()).isEqualTo(1);
    assertThat(rest.get(0).path("text").asText()).isEqualTo("m1");
    assertThat(rest.get(0).path("annotations").size()).isEqualTo(2);
  }

  @Test
  void onPostgresAChannelMadePrivateByAnotherServerIsRefusedHere() throws SQLException {
    Http first = Http.to(servers.pg().baseUrl());
    Http other = Http.to(servers.pgOther().baseUrl());
    String[] c = channel(first);
    String path = "/stream/0/channels/" + c[1] + "/messages";
    for (int i = 0; i < 3; i++) {
      assertThat(other.get(path).status()).isEqualTo(200);
    }
    // No endpoint changes a channel's readers yet: written as another server would, with its
    // notice.
    try (Connection db =
            DriverManager.getConnection(
                servers.pgConfig().dbUrl(), servers.pgConfig().dbUser(), "");
        PreparedStatement update =
            db.prepareStatement("update channels set readers_public = false where id = ?");
        Statement notify = db.createStatement()) {
      update.setLong(1, Long.parseLong(c[1]));
      assertThat(update.executeUpdate()).isEqualTo(1);
      notify.execute("notify keyport_writes");
    }
    assertThat(eventually(() -> other.get(path).status() == 404))
        .as("the other server no longer shows it to anyone")
        .isTrue();
    Fixtures.assertError(other.get(path), 404, "not-found");
  }

  @Test
  void onPostgresABurstOfMessagesHasTheTablesAnalysedWithoutWaitingForAutovacuum()
      throws SQLException {
    Http http = Http.to(servers.pg().baseUrl());
    String[] c = channel(http);
    String path = "/stream/0/channels/" + c[1] + "/messages";
    String body =
        "{\"annotations\": [{\"type\": \"net.app.core.broadcast.message.metadata\","
            + " \"value\": {\"subject\": \"s\"}}]}";
    try (Connection db =
        DriverManager.getConnection(servers.pgConfig().dbUrl(), servers.pgConfig().dbUser(), "")) {
      for (int i = 0; i < 60; i++) {
        assertThat(http.bearer(c[0]).postJson(path, body).status()).isEqualTo(200);
      }
      // last_analyze is set by ANALYZE only (autovacuum's is last_autoanalyze).
      assertThat(
              within(
                  Duration.ofSeconds(10),
                  () -> analysed(db, "messages") && analysed(db, "annotations")))
          .as("messages and annotations analysed")
          .isTrue();
    }
  }

  private static boolean analysed(Connection db, String table) {
    try (PreparedStatement s =
        db.prepareStatement(
            "select last_analyze is not null from pg_stat_user_tables where relname = ?")) {
      s.setString(1, table);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether {@code condition} holds within {@link #NOTICE_BOUND}: well within {@link
   * TokenCache#MAX_AGE}, so it is the write notice that made it hold, not the age of what was
   * remembered.
   */
  static boolean eventually(BooleanSupplier condition) {
    return within(NOTICE_BOUND, condition);
  }

  static final Duration NOTICE_BOUND = Duration.ofMillis(2000);

  private static boolean within(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }
}
