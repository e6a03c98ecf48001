package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.crypto.Hashing;
import io.keyport.server.store.Database;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * "Generate a user token for yourself" ({@code tokens/me}), {@code GET}/{@code DELETE
 * /stream/0/token}, {@code /stream/0/apps/me/tokens[/user_ids]}; on H2 and PostgreSQL. The server's
 * clock is a {@link ManualClock}, so expiry is tested without waiting.
 */
class TokensEndpointsTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    ServerConfig config;
    Http http;
    final ManualClock clock = ManualClock.startingNow();

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

    record Setup(Http dev, String appId, String clientId, String clientSecret) {
      String path() {
        return "/account/0/apps/" + appId + "/tokens/me";
      }
    }

    Setup setup() {
      Http dev = http.bearer(Fixtures.developer(http));
      JsonNode app = Fixtures.createApp(dev, null, "Tokened");
      return new Setup(
          dev,
          app.path("id").asText(),
          app.path("client_id").asText(),
          app.path("client_secret").asText());
    }

    @Test
    void generateReturnsTheTokenOnceWithNormalizedScopes() {
      Setup s = setup();
      Http.Response r =
          s.dev().postJson(s.path(), "{\"scopes\": [\"export\", \"stream\", \"stream\"]}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      String token = r.data().path("access_token").asText();
      assertThat(token).startsWith("kpu_").hasSize(40);
      JsonNode t = r.data().path("token");
      assertThat(t.path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic", "stream", "export");
      assertThat(t.path("app").path("client_id").asText()).isEqualTo(s.clientId());
      assertThat(t.path("app").path("name").asText()).isEqualTo("Tokened");
      assertThat(t.path("app").path("link").asText()).isEqualTo("https://example.com");
      assertThat(t.path("user").path("id").asText()).matches("[0-9]+");
      assertThat(t.path("expires_at").isNull()).isTrue();
      assertThat(t.path("last4").asText()).isEqualTo(token.substring(36));

      Http.Response mine = s.dev().get(s.path());
      assertThat(mine.status()).isEqualTo(200);
      assertThat(mine.data().path("last4").asText()).isEqualTo(token.substring(36));
      assertThat(mine.body()).doesNotContain(token);

      Http.Response introspect = http.bearer(token).get("/stream/0/token");
      assertThat(introspect.status()).isEqualTo(200);
      assertThat(introspect.header("X-OAuth-Scopes")).isEqualTo("basic,stream,export");
      assertThat(introspect.data().path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic", "stream", "export");
      assertThat(introspect.data().path("user").path("username").asText())
          .isEqualTo(s.dev().get("/stream/0/users/me").data().path("username").asText());
      assertThat(introspect.body()).doesNotContain(token);
    }

    @Test
    void noTokenYetIsDataNull() {
      Setup s = setup();
      Http.Response r = s.dev().get(s.path());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().has("data")).isTrue();
      assertThat(r.data().isNull()).isTrue();
    }

    @Test
    void basicIsAlwaysGranted() {
      Setup s = setup();
      assertThat(Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("token").path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic");
      assertThat(
              Fixtures.ownToken(s.dev(), null, s.appId(), "{\"scopes\": []}")
                  .path("token")
                  .path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic");
      assertThat(Fixtures.ownToken(s.dev(), null, s.appId(), "").path("token").path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic");
    }

    @Test
    void developerAndUnknownScopesAre400NamingThem() {
      Setup s = setup();
      Http.Response dev = s.dev().postJson(s.path(), "{\"scopes\": [\"basic\", \"developer\"]}");
      assertInvalid(dev, "developer");
      Http.Response unknown =
          s.dev().postJson(s.path(), "{\"scopes\": [\"stream\", \"teleport\"]}");
      assertInvalid(unknown, "teleport");
      assertInvalid(s.dev().postJson(s.path(), "{\"scopes\": \"stream\"}"), "scopes");
      assertInvalid(s.dev().postJson(s.path(), "{\"scopes\": [1]}"), "scopes[0]");
      assertInvalid(s.dev().postJson(s.path(), "{\"scopes\": [\"Stream\"]}"), "Stream");
      assertInvalid(s.dev().postJson(s.path(), "{\"scopes\": "), "body");
      // Nothing was issued.
      assertThat(s.dev().get(s.path()).data().isNull()).isTrue();
    }

    @Test
    void expiresInDaysIs1To365() {
      Setup s = setup();
      for (String bad :
          new String[] {"0", "366", "3650", "-1", "1.5", "\"7\"", "true", "99999999999"}) {
        Http.Response r = s.dev().postJson(s.path(), "{\"expires_in_days\": " + bad + "}");
        assertInvalid(r, "expires_in_days");
        if (bad.matches("-?[0-9]+") && bad.length() < 6) {
          assertThat(r.meta().path("error_message").asText()).contains("1 to 365");
        }
      }
      for (int days : new int[] {1, 365}) {
        JsonNode ok =
            Fixtures.ownToken(s.dev(), null, s.appId(), "{\"expires_in_days\": " + days + "}");
        Instant expires = Instant.parse(ok.path("token").path("expires_at").asText());
        Instant created = Instant.parse(ok.path("token").path("created_at").asText());
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofDays(days));
      }
    }

    @Test
    void aTokenIsKeptUnderItsKeyAndOneKeptUnderItsWholeHashAsBeforeStillWorks() {
      Setup s = setup();
      Secret token =
          Secret.of(
              Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("access_token").asText());
      // Not used yet, so no lookup of it is remembered: the next request reads the row.
      try (Database db = Database.open(config)) {
        assertThat(
                db.jdbc()
                    .update(
                        "update tokens set token_hash = ? where token_hash = ?",
                        Hashing.sha256Hex(token),
                        Hashing.tokenKey(token)))
            .as("the token's row, found by its key")
            .isEqualTo(1);
      }
      assertThat(http.bearer(token.reveal()).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(http.bearer(token.reveal()).get("/stream/0/users/me").status()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401TokenExpired() {
      Setup s = setup();
      String token =
          Fixtures.ownToken(s.dev(), null, s.appId(), "{\"expires_in_days\": 1}")
              .path("access_token")
              .asText();
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
      clock.advance(Duration.ofDays(1).plusSeconds(1));
      assertError(http.bearer(token).get("/stream/0/token"), 401, "token-expired");
      assertThat(s.dev().get(s.path()).data().isNull()).isTrue();
    }

    @Test
    void generatingAgainRevokesTheCallersPreviousToken() {
      Setup s = setup();
      String first =
          Fixtures.ownToken(s.dev(), null, s.appId(), "{\"scopes\": [\"stream\"]}")
              .path("access_token")
              .asText();
      String second =
          Fixtures.ownToken(s.dev(), null, s.appId(), "{\"scopes\": [\"files\"]}")
              .path("access_token")
              .asText();
      assertError(http.bearer(first).get("/stream/0/token"), 401, "not-authorized");
      assertThat(http.bearer(second).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(s.dev().get(s.path()).data().path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic", "files");
      // The developer's own session is not touched.
      assertThat(s.dev().get("/account/0/apps").status()).isEqualTo(200);
    }

    @Test
    void deleteStreamTokenRevokesTheCurrentToken() {
      Setup s = setup();
      String token =
          Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("access_token").asText();
      Http.Response r = http.bearer(token).delete("/stream/0/token");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.data().path("last4").asText()).isEqualTo(token.substring(36));
      assertError(http.bearer(token).get("/stream/0/token"), 401, "not-authorized");
      assertError(http.bearer(token).delete("/stream/0/token"), 401, "not-authorized");
      assertThat(s.dev().get(s.path()).data().isNull()).isTrue();
    }

    @Test
    void theDesktopSessionDescribesItself() {
      Setup s = setup();
      Http.Response r = s.dev().get("/stream/0/token");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.data().path("app").path("client_id").asText()).isEqualTo("keyport-desktop");
      assertThat(r.data().path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic", "developer");
    }

    @Test
    void tokenEndpointsRefuseBadTokens() {
      assertError(http.get("/stream/0/token"), 401, "invalid-token");
      assertError(
          http.bearer("kpu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").get("/stream/0/token"),
          401,
          "invalid-token");
      assertError(
          http.header("Authorization", "Basic Zm9vOmJhcg==").get("/stream/0/token"),
          401,
          "invalid-token");
      Setup s = setup();
      // A client secret is not a bearer token, and a well-formed unknown token is refused too.
      assertError(http.bearer(s.clientSecret()).get("/stream/0/token"), 401, "invalid-token");
      String unknown = TokenFormat.generate(TokenFormat.Kind.USER).reveal();
      assertError(http.bearer(unknown).get("/stream/0/token"), 401, "invalid-token");
      assertError(http.delete("/stream/0/token"), 401, "invalid-token");
    }

    @Test
    void appTokensListTheirUsersTokensAndUserIds() {
      Setup s = setup();
      JsonNode own = Fixtures.ownToken(s.dev(), null, s.appId(), "{\"scopes\": [\"stream\"]}");
      String userId = own.path("token").path("user").path("id").asText();
      String appToken =
          Fixtures.clientCredentials(http, s.clientId(), s.clientSecret())
              .path("access_token")
              .asText();

      Http.Response tokens = http.bearer(appToken).get("/stream/0/apps/me/tokens");
      assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
      assertThat(tokens.data()).hasSize(1);
      assertThat(tokens.data().get(0).path("user").path("id").asText()).isEqualTo(userId);
      assertThat(tokens.data().get(0).path("last4").asText())
          .isEqualTo(own.path("access_token").asText().substring(36));
      assertThat(tokens.body()).doesNotContain(own.path("access_token").asText());

      Http.Response ids = http.bearer(appToken).get("/stream/0/apps/me/tokens/user_ids");
      assertThat(ids.status()).isEqualTo(200);
      assertThat(ids.data()).extracting(JsonNode::asText).containsExactly(userId);

      // Another app's token sees nothing of this app.
      JsonNode other = Fixtures.createApp(s.dev(), null, "Other app");
      String otherToken =
          Fixtures.clientCredentials(
                  http, other.path("client_id").asText(), other.path("client_secret").asText())
              .path("access_token")
              .asText();
      assertThat(http.bearer(otherToken).get("/stream/0/apps/me/tokens").data()).isEmpty();
      assertThat(http.bearer(otherToken).get("/stream/0/apps/me/tokens/user_ids").data()).isEmpty();

      // Once revoked, the user's token is no longer listed.
      http.bearer(own.path("access_token").asText()).delete("/stream/0/token");
      assertThat(http.bearer(appToken).get("/stream/0/apps/me/tokens").data()).isEmpty();
      assertThat(http.bearer(appToken).get("/stream/0/apps/me/tokens/user_ids").data()).isEmpty();
    }

    @Test
    void appTokenEndpointsRefuseUserTokens() {
      Setup s = setup();
      String user = Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("access_token").asText();
      for (Http caller : new Http[] {s.dev(), http.bearer(user)}) {
        assertError(caller.get("/stream/0/apps/me/tokens"), 403, "insufficient-scope");
        assertError(caller.get("/stream/0/apps/me/tokens/user_ids"), 403, "insufficient-scope");
      }
      assertError(http.get("/stream/0/apps/me/tokens"), 401, "invalid-token");
      assertError(http.get("/stream/0/apps/me/tokens/user_ids"), 401, "invalid-token");
    }

    @Test
    void usersMeNeedsAUserTokenWithBasic() {
      Setup s = setup();
      String appToken =
          Fixtures.clientCredentials(http, s.clientId(), s.clientSecret())
              .path("access_token")
              .asText();
      Http.Response r = http.bearer(appToken).get("/stream/0/users/me");
      assertError(r, 403, "insufficient-scope");
      assertThat(r.meta().path("error_message").asText()).contains("basic");
      String user = Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("access_token").asText();
      assertThat(http.bearer(user).get("/stream/0/users/me").status()).isEqualTo(200);
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
