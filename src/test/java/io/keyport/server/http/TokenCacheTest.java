package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.SharedServers;
import io.keyport.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server remembers bearer-token lookups between requests (TokenCache); what it remembers must
 * never outlive a revocation or a change: each case uses a token first (so it is remembered), then
 * changes something, then uses it again. On PostgreSQL, also across two servers on one database.
 */
class TokenCacheTest {
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

  static KeyportServer server(TestServers kind) {
    return servers.server(kind);
  }

  /** A developer token and a user token of a fresh app of theirs: {developer, appId, userToken}. */
  static String[] appWithToken(Http http) {
    String developer = Fixtures.developer(http);
    JsonNode app = Fixtures.createApp(http, developer, Fixtures.uniqueName("App"));
    String token =
        Fixtures.ownToken(
                http, developer, app.path("id").asText(), "{\"scopes\": [\"basic\", \"stream\"]}")
            .path("access_token")
            .asText();
    return new String[] {developer, app.path("id").asText(), token};
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aRevokedTokenIsRefusedAtOnceThoughItWasJustUsed(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String token = appWithToken(http)[2];
    for (int i = 0; i < 3; i++) {
      assertThat(http.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
    }
    assertThat(http.bearer(token).delete("/stream/0/token").status()).isEqualTo(200);
    assertError(http.bearer(token).get("/stream/0/token"), 401, "not-authorized");
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void deletingTheAppRevokesItsTokenThoughItWasJustUsed(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String[] made = appWithToken(http);
    assertThat(http.bearer(made[2]).get("/stream/0/token").status()).isEqualTo(200);
    assertThat(http.bearer(made[0]).delete("/account/0/apps/" + made[1]).status()).isEqualTo(200);
    assertError(http.bearer(made[2]).get("/stream/0/token"), 401, "not-authorized");
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aNewOwnTokenReplacesTheOldOneThoughItWasJustUsed(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String[] made = appWithToken(http);
    assertThat(http.bearer(made[2]).get("/stream/0/token").status()).isEqualTo(200);
    Fixtures.ownToken(http, made[0], made[1], "{\"scopes\": [\"basic\"]}");
    assertError(http.bearer(made[2]).get("/stream/0/token"), 401, "not-authorized");
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void theTokenShowsTheAppsNewNameAfterARename(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String[] made = appWithToken(http);
    assertThat(http.bearer(made[2]).get("/stream/0/token").data().path("app").path("name").asText())
        .startsWith("App_");
    String version =
        http.bearer(made[0]).get("/account/0/apps/" + made[1]).data().path("version").asText();
    Http.Response renamed =
        http.bearer(made[0])
            .header("If-Match", version)
            .patchJson("/account/0/apps/" + made[1], "{\"name\": \"Renamed\"}");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(http.bearer(made[2]).get("/stream/0/token").data().path("app").path("name").asText())
        .isEqualTo("Renamed");
  }

  /** A developer's fresh app: {developer, appId, clientId, clientSecret}. */
  static String[] client(Http http) {
    String developer = Fixtures.developer(http);
    JsonNode app = Fixtures.createApp(http, developer, Fixtures.uniqueName("Client"));
    return new String[] {
      developer,
      app.path("id").asText(),
      app.path("client_id").asText(),
      app.path("client_secret").asText()
    };
  }

  static Http.Response grant(Http http, String clientId, String secret) {
    return http.postForm(
        "/oauth/access_token",
        Fixtures.form(
            "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aRotatedSecretIsRefusedAtOnceThoughItWasJustUsed(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String[] c = client(http);
    for (int i = 0; i < 3; i++) {
      assertThat(grant(http, c[2], c[3]).status()).isEqualTo(200);
    }
    Http.Response rotated =
        http.bearer(c[0]).postJson("/account/0/apps/" + c[1] + "/secret/rotate", "{}");
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String fresh = rotated.data().path("client_secret").asText();
    assertOAuthError(grant(http, c[2], c[3]), 401, "invalid_client");
    assertThat(grant(http, c[2], fresh).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aGrantShowsTheAppsNewNameAndADeletedAppsClientIsRefused(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String[] c = client(http);
    assertThat(grant(http, c[2], c[3]).status()).isEqualTo(200);
    String version =
        http.bearer(c[0]).get("/account/0/apps/" + c[1]).data().path("version").asText();
    assertThat(
            http.bearer(c[0])
                .header("If-Match", version)
                .patchJson("/account/0/apps/" + c[1], "{\"name\": \"Renamed client\"}")
                .status())
        .isEqualTo(200);
    assertThat(grant(http, c[2], c[3]).json().path("token").path("app").path("name").asText())
        .isEqualTo("Renamed client");
    assertThat(http.bearer(c[0]).delete("/account/0/apps/" + c[1]).status()).isEqualTo(200);
    assertOAuthError(grant(http, c[2], c[3]), 401, "invalid_client");
  }

  @Test
  void onPostgresASecretRotatedThroughAnotherServerIsRefusedHereToo() {
    Http first = Http.to(servers.pg().baseUrl());
    Http other = Http.to(servers.pgOther().baseUrl());
    String[] c = client(first);
    assertThat(
            other
                .postForm(
                    "/oauth/access_token",
                    Fixtures.form(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        c[2],
                        "client_secret",
                        c[3]))
                .status())
        .isEqualTo(200);
    assertThat(
            first
                .bearer(c[0])
                .postJson("/account/0/apps/" + c[1] + "/secret/rotate", "{}")
                .status())
        .isEqualTo(200);
    assertThat(eventually(() -> grant(other, c[2], c[3]).status() == 401))
        .as("the other server refuses the old secret")
        .isTrue();
  }

  @Test
  void onPostgresATokenRevokedThroughAnotherServerIsRefusedHereToo() {
    Http first = Http.to(servers.pg().baseUrl());
    Http other = Http.to(servers.pgOther().baseUrl());
    String token = appWithToken(first)[2];
    // Both servers remember it.
    assertThat(other.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
    assertThat(first.bearer(token).get("/stream/0/token").status()).isEqualTo(200);

    assertThat(first.bearer(token).delete("/stream/0/token").status()).isEqualTo(200);

    // The other server hears the write through NOTIFY; it may take it milliseconds.
    assertThat(eventually(() -> other.bearer(token).get("/stream/0/token").status() == 401))
        .as("the other server refuses the revoked token")
        .isTrue();
    assertError(other.bearer(token).get("/stream/0/token"), 401, "not-authorized");
  }

  private static boolean eventually(Supplier<Boolean> condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (condition.get()) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }
}
