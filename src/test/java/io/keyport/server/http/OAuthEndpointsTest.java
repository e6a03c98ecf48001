package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.PASSWORD;
import static io.keyport.server.http.Fixtures.assertOAuthError;
import static io.keyport.server.http.Fixtures.enc;
import static io.keyport.server.http.Fixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.TokenFormat;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /oauth/access_token}: both grants and RFC 6749's error answers; on H2 and PostgreSQL.
 */
class OAuthEndpointsTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    Http http;
    String username;
    String clientId;
    String clientSecret;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server = backend().start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
      http = Http.to(server.baseUrl());
      username = Fixtures.uniqueName("oauth");
      Fixtures.signUp(http, username, PASSWORD);
      String dev = Fixtures.passwordGrant(http, username, PASSWORD).path("access_token").asText();
      JsonNode app = Fixtures.createApp(http, dev, "OAuth client");
      clientId = app.path("client_id").asText();
      clientSecret = app.path("client_secret").asText();
    }

    @AfterAll
    void stop() {
      server.close();
    }

    Http.Response token(String body) {
      return http.postForm("/oauth/access_token", body);
    }

    static String basic(String id, String secret) {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    void assertAppToken(Http.Response r) {
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.json().path("token_type").asText()).isEqualTo("bearer");
      String token = r.json().path("access_token").asText();
      assertThat(token).startsWith("kpa_").hasSize(40);
      JsonNode t = r.json().path("token");
      assertThat(t.path("user").isNull()).isTrue();
      assertThat(t.path("app").path("client_id").asText()).isEqualTo(clientId);
      assertThat(t.path("app").path("name").asText()).isEqualTo("OAuth client");
      assertThat(t.path("app").path("link").asText()).isEqualTo("https://example.com");
      assertThat(t.path("last4").asText()).isEqualTo(token.substring(36));
      Http.Response introspect = http.bearer(token).get("/stream/0/token");
      assertThat(introspect.status()).isEqualTo(200);
      assertThat(introspect.data().path("user").isNull()).isTrue();
    }

    @Test
    void clientCredentialsWithTheSecretInTheBody() {
      assertAppToken(
          token(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  clientId,
                  "client_secret",
                  clientSecret)));
    }

    @Test
    void clientCredentialsWithHttpBasic() {
      assertAppToken(
          http.header("Authorization", basic(clientId, clientSecret))
              .postForm("/oauth/access_token", form("grant_type", "client_credentials")));
    }

    @Test
    void aWrongSecretIsInvalidClient() {
      String wrong = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET).reveal();
      Http.Response inBody =
          token(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  clientId,
                  "client_secret",
                  wrong));
      assertOAuthError(inBody, 401, "invalid_client");
      assertThat(inBody.header("WWW-Authenticate")).isNull();
      assertThat(inBody.body()).doesNotContain(wrong);

      Http.Response byBasic =
          http.header("Authorization", basic(clientId, wrong))
              .postForm("/oauth/access_token", form("grant_type", "client_credentials"));
      assertOAuthError(byBasic, 401, "invalid_client");
      assertThat(byBasic.header("WWW-Authenticate")).startsWith("Basic realm=");

      assertOAuthError(
          token(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  clientId,
                  "client_secret",
                  "kps_not-even-well-formed")),
          401,
          "invalid_client");
      assertOAuthError(
          token(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  "x".repeat(32),
                  "client_secret",
                  clientSecret)),
          401,
          "invalid_client");
      assertOAuthError(token(form("grant_type", "client_credentials")), 401, "invalid_client");
      assertOAuthError(
          http.header("Authorization", "Basic !!!notbase64")
              .postForm("/oauth/access_token", form("grant_type", "client_credentials")),
          401,
          "invalid_client");
      assertOAuthError(
          http.header(
                  "Authorization",
                  "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes()))
              .postForm("/oauth/access_token", form("grant_type", "client_credentials")),
          401,
          "invalid_client");
    }

    @Test
    void twoWaysOfClientAuthenticationAtOnceIsInvalidRequest() {
      assertOAuthError(
          http.header("Authorization", basic(clientId, clientSecret))
              .postForm(
                  "/oauth/access_token",
                  form("grant_type", "client_credentials", "client_secret", clientSecret)),
          400,
          "invalid_request");
    }

    @Test
    void thePasswordGrantIsForTheDesktopClientOnly() {
      assertOAuthError(
          token(
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  clientId,
                  "username",
                  username,
                  "password",
                  PASSWORD)),
          400,
          "unauthorized_client");
      assertOAuthError(
          token(form("grant_type", "password", "username", username, "password", PASSWORD)),
          400,
          "invalid_request");
      assertOAuthError(
          http.header("Authorization", basic(clientId, clientSecret))
              .postForm(
                  "/oauth/access_token",
                  form("grant_type", "password", "username", username, "password", PASSWORD)),
          400,
          "invalid_request");
      assertOAuthError(
          token(
              form("grant_type", "password", "client_id", "keyport-desktop", "password", PASSWORD)),
          400,
          "invalid_request");
      assertOAuthError(
          token(
              form("grant_type", "password", "client_id", "keyport-desktop", "username", username)),
          400,
          "invalid_request");
    }

    @Test
    void grantTypesOtherThanTheThreeAreUnsupported() {
      // authorization_code is web sign-in's (WebSignInTest); without a client it is the client's
      // error.
      assertOAuthError(
          token(form("grant_type", "authorization_code", "code", "x")), 401, "invalid_client");
      assertOAuthError(token(form("grant_type", "token")), 400, "unsupported_grant_type");
      assertOAuthError(token(form("grant_type", "implicit")), 400, "unsupported_grant_type");
      assertOAuthError(token(form("client_id", "keyport-desktop")), 400, "invalid_request");
    }

    @Test
    void badRequestsAreInvalidRequest() {
      assertOAuthError(
          http.postJson("/oauth/access_token", "{\"grant_type\": \"password\"}"),
          400,
          "invalid_request");
      assertOAuthError(
          token("grant_type=password&grant_type=client_credentials"), 400, "invalid_request");
      assertOAuthError(token("grant_type=%zz"), 400, "invalid_request");
      assertOAuthError(token(""), 400, "invalid_request");
    }

    @Test
    void theSecretIsNeverInAnAnswer() {
      Http.Response ok =
          token(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  clientId,
                  "client_secret",
                  clientSecret));
      assertThat(ok.body()).doesNotContain(clientSecret);
      Http.Response pw =
          token(
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  username,
                  "password",
                  PASSWORD));
      assertThat(pw.body()).doesNotContain(PASSWORD);
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
