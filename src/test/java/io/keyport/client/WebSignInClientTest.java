package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.api.AccessToken;
import io.keyport.api.Authorization;
import io.keyport.api.CreatedApp;
import io.keyport.api.Introspection;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Secret;
import io.keyport.api.ServerMetadata;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Pkce;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import io.keyport.testing.WebClient.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The typed client's web sign-in methods against a real server: code exchange (confidential and the
 * public keyport-desktop), introspection, revocation, metadata and authorized apps. The browser
 * part of the flow is played by {@link WebClient}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSignInClientTest {
  static final Secret PASSWORD = Secret.of("correct horse battery");
  static final String CALLBACK = "http://localhost:8000/callback";
  KeyportServer server;
  KeyportClient anonymous;
  KeyportClient developer;
  CreatedApp app;

  @BeforeAll
  void start() {
    server = TestServers.H2.start(c -> c.withSignup(true).withLimits(100_000, 1_000, 10_000));
    anonymous = KeyportClient.create(server.baseUrl());
    anonymous.signUp(new NewUser("webclient", PASSWORD, null));
    developer = anonymous.withToken(anonymous.passwordGrant("webclient", PASSWORD).accessToken());
    app = developer.createApp(new NewApp("Client App", "https://example.com", List.of(CALLBACK)));
  }

  @AfterAll
  void stop() {
    developer.close();
    anonymous.close();
    server.close();
  }

  /** Signs in and allows in a cookie-keeping client; the code the redirect carries. */
  Secret code(String clientId, String redirectUri, String scope, String verifier) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_id", clientId);
    params.put("response_type", "code");
    params.put("redirect_uri", redirectUri);
    params.put("scope", scope);
    params.put("state", "s");
    params.put("code_challenge", Pkce.challengeOf(verifier));
    params.put("code_challenge_method", "S256");
    WebClient browser = new WebClient(server.baseUrl());
    Page page = browser.get("/oauth/authorize?" + WebClient.encode(params));
    page =
        browser.submit(
            page, "/oauth/sign-in", Map.of("username", "webclient", "password", PASSWORD.reveal()));
    page = browser.get(page.location());
    page = browser.submit(page, "/oauth/consent", Map.of("decision", "allow"));
    return Secret.of(page.redirectParams().get("code"));
  }

  @Test
  void exchangeIntrospectRevokeAndAuthorizations() {
    String verifier = "v".repeat(50);
    Secret clientSecret = app.clientSecret();
    AccessToken token =
        anonymous.exchangeCode(
            app.clientId(),
            clientSecret,
            code(app.clientId(), CALLBACK, "stream", verifier),
            CALLBACK,
            Secret.of(verifier));
    assertThat(token.token().scopes()).containsExactly("basic", "stream");
    assertThat(anonymous.withToken(token.accessToken()).me().username()).isEqualTo("webclient");

    Introspection about = anonymous.introspect(app.clientId(), clientSecret, token.accessToken());
    assertThat(about.active()).isTrue();
    assertThat(about.scope()).isEqualTo("basic stream");
    assertThat(about.username()).isEqualTo("webclient");

    List<Authorization> authorizations = developer.authorizations();
    assertThat(authorizations).hasSize(1);
    assertThat(authorizations.get(0).app().name()).isEqualTo("Client App");
    assertThat(authorizations.get(0).app().developer()).isEqualTo("webclient");

    anonymous.revoke(app.clientId(), clientSecret, token.accessToken());
    assertThat(anonymous.introspect(app.clientId(), clientSecret, token.accessToken()).active())
        .isFalse();

    developer.revokeAuthorization(app.clientId());
    assertThat(developer.authorizations()).isEmpty();
    assertThatThrownBy(() -> developer.revokeAuthorization(app.clientId()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.slug()).isEqualTo("not-found"));
  }

  @Test
  void theDesktopExchangesWithoutASecret() {
    String verifier = "d".repeat(43);
    String redirect = "http://127.0.0.1:49152/callback";
    AccessToken token =
        anonymous.exchangeCode(
            "keyport-desktop",
            null,
            code("keyport-desktop", redirect, "developer", verifier),
            redirect,
            Secret.of(verifier));
    assertThat(token.token().scopes()).containsExactly("basic", "developer");
  }

  @Test
  void aReusedCodeIsInvalidGrant() {
    String verifier = "r".repeat(60);
    Secret code = code(app.clientId(), CALLBACK, "stream", verifier);
    anonymous.exchangeCode(app.clientId(), app.clientSecret(), code, CALLBACK, Secret.of(verifier));
    assertThatThrownBy(
            () ->
                anonymous.exchangeCode(
                    app.clientId(), app.clientSecret(), code, CALLBACK, Secret.of(verifier)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.slug()).isEqualTo("invalid_grant");
            });
  }

  @Test
  void metadataNamesTheEndpoints() {
    ServerMetadata m = anonymous.metadata();
    assertThat(m.issuer()).isEqualTo(server.baseUrl().toString());
    assertThat(m.tokenEndpoint()).isEqualTo(server.baseUrl() + "/oauth/access_token");
    assertThat(m.codeChallengeMethodsSupported()).containsExactly("S256");
    assertThat(m.authorizationResponseIssParameterSupported()).isTrue();
  }
}
