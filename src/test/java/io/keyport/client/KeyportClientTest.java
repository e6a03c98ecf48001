package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.AppChanges;
import io.keyport.api.ClientSecretInfo;
import io.keyport.api.CreatedApp;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Health;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.api.TokenFormat;
import io.keyport.api.TokenRequest;
import io.keyport.api.User;
import io.keyport.api.Version;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every method of the client against a real server (H2, sign-up open), each with its success and
 * the error shapes the server gives it: the envelope's slug, message and error_id, or OAuth's error
 * and error_description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyportClientTest {
  static final String PASSWORD = "correct horse battery";
  final AtomicInteger names = new AtomicInteger();
  KeyportServer server;
  KeyportClient anonymous;

  @BeforeAll
  void start() {
    // Limits high enough for the whole class, whose sign-ups and grants all come from one address.
    server = TestServers.H2.start(c -> c.withSignup(true).withLimits(100_000, 1_000, 10_000));
    anonymous = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  void stop() {
    anonymous.close();
    server.close();
  }

  String newName() {
    return "user" + names.incrementAndGet();
  }

  /**
   * A new account with a developer token: the desktop's local session (the password grant, which
   * hashes on purpose slowly, has its own tests).
   */
  KeyportClient signedIn() {
    return anonymous.withToken(server.localSession(newName()).token());
  }

  static NewApp newApp(String name) {
    return new NewApp(name, "https://example.com", List.of("http://localhost:8000/callback"));
  }

  /**
   * The envelope's error shape: status, slug, the server's message verbatim as the message, an
   * error_id.
   */
  static ApiException assertEnvelopeError(Throwable thrown, ErrorSlug slug) {
    assertThat(thrown).isInstanceOf(ApiException.class);
    ApiException e = (ApiException) thrown;
    assertThat(e.status()).isEqualTo(slug.status());
    assertThat(e.slug()).isEqualTo(slug.slug());
    assertThat(e.is(slug)).isTrue();
    assertThat(e.knownSlug()).isEqualTo(slug);
    assertThat(e.serverMessage()).isNotBlank();
    assertThat(e.getMessage()).isEqualTo(e.serverMessage());
    assertThat(e.errorId()).isNotBlank();
    return e;
  }

  /** OAuth's error shape: status, error, error_description verbatim, no error_id. */
  static ApiException assertOAuthError(Throwable thrown, int status, String error) {
    assertThat(thrown).isInstanceOf(ApiException.class);
    ApiException e = (ApiException) thrown;
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.error()).isEqualTo(error);
    assertThat(e.errorDescription()).isNotBlank();
    assertThat(e.getMessage()).isEqualTo(e.errorDescription());
    assertThat(e.errorId()).isNull();
    return e;
  }

  /**
   * The same app. Times are compared to the second: the server's create answer carries the clock's
   * nanoseconds while what it stored (and lists later) has microseconds.
   */
  static void assertSameApp(App actual, App expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .ignoringFields("createdAt", "updatedAt")
        .isEqualTo(expected);
    assertThat(actual.createdAt().truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(expected.createdAt().truncatedTo(ChronoUnit.SECONDS));
    assertThat(actual.updatedAt().truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(expected.updatedAt().truncatedTo(ChronoUnit.SECONDS));
  }

  static Throwable thrown(Runnable call) {
    return catchThrowableOfType(KeyportClientException.class, call::run);
  }

  // ---- health and scopes ------------------------------------------------------------------------

  @Test
  void health() {
    Health health = anonymous.health();
    assertThat(health.status()).isEqualTo("ok");
    assertThat(health.version()).isEqualTo(Version.current());
  }

  @Test
  void scopesAreAppNetsListInOrderWithExportSensitive() {
    assertThat(anonymous.scopes()).isEqualTo(Scopes.GRANTABLE);
  }

  // ---- accounts and sign-in ---------------------------------------------------------------------

  @Test
  void signUp() {
    String name = newName();
    User user = anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), "Alice Example"));
    assertThat(user.username()).isEqualTo(name);
    assertThat(user.name()).isEqualTo("Alice Example");
    assertThat(user.id()).containsOnlyDigits();
  }

  @Test
  void signUpErrors() {
    String name = newName();
    anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), null));
    assertEnvelopeError(
        thrown(() -> anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), null))),
        ErrorSlug.USERNAME_TAKEN);
    ApiException shortPassword =
        assertEnvelopeError(
            thrown(() -> anonymous.signUp(new NewUser(newName(), Secret.of("short"), null))),
            ErrorSlug.INVALID_REQUEST);
    assertThat(shortPassword.serverMessage()).contains("password");
  }

  @Test
  void passwordGrantGivesADeveloperToken() {
    String name = newName();
    anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), null));

    AccessToken granted = anonymous.passwordGrant(name, Secret.of(PASSWORD));

    assertThat(granted.tokenType()).isEqualTo("bearer");
    assertThat(TokenFormat.isWellFormed(granted.accessToken().reveal(), TokenFormat.Kind.USER))
        .isTrue();
    assertThat(granted.token().scopes()).containsExactly(Scopes.BASIC, Scopes.DEVELOPER);
    assertThat(granted.token().user().username()).isEqualTo(name);
    assertThat(granted.token().last4()).isEqualTo(granted.accessToken().last4());
  }

  @Test
  void passwordGrantWithAWrongPasswordIsOAuthsInvalidGrant() {
    String name = newName();
    anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), null));
    assertOAuthError(
        thrown(() -> anonymous.passwordGrant(name, Secret.of("wrong password!"))),
        400,
        "invalid_grant");
    assertOAuthError(
        thrown(() -> anonymous.passwordGrant("nobody" + name, Secret.of(PASSWORD))),
        400,
        "invalid_grant");
  }

  @Test
  void clientCredentialsGiveAnAppToken() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Credentials App"));

    AccessToken appToken = anonymous.clientCredentials(app.clientId(), app.clientSecret());

    assertThat(TokenFormat.isWellFormed(appToken.accessToken().reveal(), TokenFormat.Kind.APP))
        .isTrue();
    assertThat(appToken.token().app().clientId()).isEqualTo(app.clientId());
    assertThat(appToken.token().user()).isNull();
  }

  @Test
  void clientCredentialsWithAWrongSecretIsOAuthsInvalidClient() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Wrong Secret App"));
    assertOAuthError(
        thrown(
            () ->
                anonymous.clientCredentials(
                    app.clientId(), TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET))),
        401,
        "invalid_client");
  }

  @Test
  void me() {
    String name = newName();
    anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), "Me Myself"));
    KeyportClient me =
        anonymous.withToken(anonymous.passwordGrant(name, Secret.of(PASSWORD)).accessToken());

    User user = me.me();

    assertThat(user.username()).isEqualTo(name);
    assertThat(user.name()).isEqualTo("Me Myself");
  }

  @Test
  void meWithoutATokenOrWithAnUnknownOneIsInvalidToken() {
    assertEnvelopeError(thrown(anonymous::me), ErrorSlug.INVALID_TOKEN);
    assertEnvelopeError(
        thrown(anonymous.withToken(TokenFormat.generate(TokenFormat.Kind.USER))::me),
        ErrorSlug.INVALID_TOKEN);
    assertEnvelopeError(
        thrown(anonymous.withToken(Secret.of("kpu_not-even-well-formed"))::me),
        ErrorSlug.INVALID_TOKEN);
  }

  // ---- apps -------------------------------------------------------------------------------------

  @Test
  void createAppHandsOverTheClientSecretOnce() {
    KeyportClient dev = signedIn();

    CreatedApp created = dev.createApp(newApp("Created App"));

    assertThat(created.name()).isEqualTo("Created App");
    assertThat(created.clientId()).hasSize(32);
    assertThat(created.callbackUrls()).containsExactly("http://localhost:8000/callback");
    assertThat(
            TokenFormat.isWellFormed(
                created.clientSecret().reveal(), TokenFormat.Kind.CLIENT_SECRET))
        .isTrue();
    assertSameApp(dev.getApp(created.id()), created.app());
  }

  @Test
  void createAppErrors() {
    KeyportClient dev = signedIn();
    dev.createApp(newApp("Taken"));
    ApiException taken =
        assertEnvelopeError(thrown(() -> dev.createApp(newApp("TAKEN"))), ErrorSlug.NAME_TAKEN);
    assertThat(taken.field()).isEqualTo("name");
    ApiException invalid =
        assertEnvelopeError(
            thrown(
                () ->
                    dev.createApp(
                        new NewApp(
                            "Bad Website", "ftp://example.com", List.of("http://localhost/cb")))),
            ErrorSlug.INVALID_REQUEST);
    assertThat(invalid.serverMessage()).contains("website");
    // the field comes from meta.error_field, parsed once; the message beside it drops the "website:
    // "
    assertThat(invalid.field()).isEqualTo("website");
    assertThat(invalid.isAbout("website")).isTrue();
    assertThat(invalid.isAbout("name")).isFalse();
    assertThat(invalid.messageForField()).isEqualTo("Must start with https:// or http://.");
    ApiException callback =
        assertEnvelopeError(
            thrown(
                () ->
                    dev.createApp(
                        new NewApp(
                            "Bad Callback",
                            "https://example.com",
                            List.of("https://example.com/cb", "http://example.com/cb")))),
            ErrorSlug.INVALID_REQUEST);
    assertThat(callback.field()).isEqualTo("callback_urls[1]");
    assertThat(callback.isAbout("callback_urls")).isTrue();
    assertEnvelopeError(
        thrown(() -> dev.createApp(newApp("x".repeat(70_000)))), ErrorSlug.PAYLOAD_TOO_LARGE);
    assertEnvelopeError(
        thrown(() -> anonymous.createApp(newApp("No Token"))), ErrorSlug.INVALID_TOKEN);
  }

  @Test
  void listAppsPagesNewestFirstAndListAllAppsFollowsThePages() {
    KeyportClient dev = signedIn();
    App first = dev.createApp(newApp("First")).app();
    App second = dev.createApp(newApp("Second")).app();
    App third = dev.createApp(newApp("Third")).app();

    Page<App> page1 = dev.listApps(PageRequest.first(2));
    assertThat(page1.items()).extracting(App::id).containsExactly(third.id(), second.id());
    assertSameApp(page1.items().get(0), third);
    assertThat(page1.more()).isTrue();
    Page<App> page2 = dev.listApps(PageRequest.first(2).before(page1.minId()));
    assertThat(page2.items()).extracting(App::id).containsExactly(first.id());
    assertThat(page2.more()).isFalse();
    assertThat(dev.listApps(new PageRequest(20, null, first.id())).items())
        .extracting(App::id)
        .containsExactly(third.id(), second.id());

    assertThat(dev.listAllApps())
        .extracting(App::id)
        .containsExactly(third.id(), second.id(), first.id());
  }

  @Test
  void listAppsErrors() {
    assertEnvelopeError(
        thrown(() -> anonymous.listApps(PageRequest.first())), ErrorSlug.INVALID_TOKEN);
    KeyportClient dev = signedIn();
    assertEnvelopeError(
        thrown(() -> dev.listApps(new PageRequest(500, null, null))), ErrorSlug.INVALID_REQUEST);
    CreatedApp app = dev.createApp(newApp("Scope App"));
    KeyportClient appClient =
        anonymous.withToken(
            anonymous.clientCredentials(app.clientId(), app.clientSecret()).accessToken());
    assertEnvelopeError(
        thrown(() -> appClient.listApps(PageRequest.first())), ErrorSlug.INSUFFICIENT_SCOPE);
  }

  @Test
  void getAppOfNoneOrOfSomeoneElseIsNotFound() {
    KeyportClient alice = signedIn();
    KeyportClient bob = signedIn();
    App bobs = bob.createApp(newApp("Bob's")).app();
    assertEnvelopeError(thrown(() -> alice.getApp(bobs.id())), ErrorSlug.NOT_FOUND);
    assertEnvelopeError(thrown(() -> alice.getApp("999999")), ErrorSlug.NOT_FOUND);
  }

  @Test
  void updateAppChangesItAndBumpsTheVersion() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Before")).app();

    App changed = dev.updateApp(app.id(), app.version(), new AppChanges("After", null, null));

    assertThat(changed.name()).isEqualTo("After");
    assertThat(changed.website()).isEqualTo(app.website());
    assertThat(changed.version()).isNotEqualTo(app.version());
    assertSameApp(dev.getApp(app.id()), changed);
  }

  @Test
  void updateAppErrors() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Versioned")).app();
    dev.createApp(newApp("Other"));
    dev.updateApp(app.id(), app.version(), new AppChanges(null, "https://example.org", null));

    assertEnvelopeError(
        thrown(() -> dev.updateApp(app.id(), app.version(), new AppChanges("Stale", null, null))),
        ErrorSlug.VERSION_CONFLICT);
    String current = dev.getApp(app.id()).version();
    assertEnvelopeError(
        thrown(() -> dev.updateApp(app.id(), current, new AppChanges("other", null, null))),
        ErrorSlug.NAME_TAKEN);
    assertEnvelopeError(
        thrown(() -> dev.updateApp(app.id(), current, new AppChanges(null, null, List.of()))),
        ErrorSlug.INVALID_REQUEST);
    assertEnvelopeError(
        thrown(() -> dev.updateApp("999999", "1", new AppChanges("Nope", null, null))),
        ErrorSlug.NOT_FOUND);
  }

  @Test
  void deleteApp() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Doomed")).app();

    dev.deleteApp(app.id());

    assertEnvelopeError(thrown(() -> dev.getApp(app.id())), ErrorSlug.NOT_FOUND);
    assertEnvelopeError(thrown(() -> dev.deleteApp(app.id())), ErrorSlug.NOT_FOUND);
  }

  @Test
  void revealSecretGivesTheSecretCreateHandedOver() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Revealed"));
    assertThat(dev.revealSecret(app.id())).isEqualTo(app.clientSecret());
    assertEnvelopeError(thrown(() -> dev.revealSecret("999999")), ErrorSlug.NOT_FOUND);
  }

  @Test
  void rotateSecretReplacesIt() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Rotated"));

    Secret rotated = dev.rotateSecret(app.id());

    assertThat(rotated).isNotEqualTo(app.clientSecret());
    assertThat(dev.revealSecret(app.id())).isEqualTo(rotated);
    assertOAuthError(
        thrown(() -> anonymous.clientCredentials(app.clientId(), app.clientSecret())),
        401,
        "invalid_client");
    assertThat(anonymous.clientCredentials(app.clientId(), rotated).token().app().clientId())
        .isEqualTo(app.clientId());
    assertEnvelopeError(thrown(() -> dev.rotateSecret("999999")), ErrorSlug.NOT_FOUND);
  }

  @Test
  void rotateWithAnOverlapListAndRetireSecrets() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Overlapping"));

    Secret rotated = dev.rotateSecret(app.id(), 24);

    List<ClientSecretInfo> live = dev.listSecrets(app.id());
    assertThat(live)
        .extracting(ClientSecretInfo::last4)
        .containsExactly(rotated.last4(), app.clientSecret().last4());
    assertThat(live.get(0).expiresAt()).isNull();
    assertThat(live.get(1).expiresAt())
        .isEqualTo(live.get(0).createdAt().plus(24, ChronoUnit.HOURS));
    AccessToken old = anonymous.clientCredentials(app.clientId(), app.clientSecret());
    assertThat(anonymous.clientCredentials(app.clientId(), rotated).token().expiresAt())
        .isNotNull();
    server.flushLastUsed();
    assertThat(dev.listSecrets(app.id()).get(1).lastUsedAt()).isNotNull();

    ClientSecretInfo retired = dev.retireSecret(app.id(), live.get(1).id());

    assertThat(retired.id()).isEqualTo(live.get(1).id());
    assertThat(retired.expiresAt()).isNotNull();
    assertThat(dev.listSecrets(app.id()))
        .extracting(ClientSecretInfo::id)
        .containsExactly(live.get(0).id());
    assertOAuthError(
        thrown(() -> anonymous.clientCredentials(app.clientId(), app.clientSecret())),
        401,
        "invalid_client");
    assertEnvelopeError(
        thrown(() -> anonymous.withToken(old.accessToken()).currentToken()),
        ErrorSlug.NOT_AUTHORIZED);
    assertEnvelopeError(
        thrown(() -> dev.retireSecret(app.id(), live.get(1).id())), ErrorSlug.NOT_FOUND);
    assertEnvelopeError(
        thrown(() -> dev.retireSecret(app.id(), live.get(0).id())), ErrorSlug.INVALID_REQUEST);
    assertEnvelopeError(thrown(() -> dev.rotateSecret(app.id(), 169)), ErrorSlug.INVALID_REQUEST);
    assertEnvelopeError(thrown(() -> dev.listSecrets("999999")), ErrorSlug.NOT_FOUND);
  }

  @Test
  void aTokenSaysWhenItWasLastUsed() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Used"));
    AccessToken issued = dev.generateToken(app.id(), new TokenRequest(List.of("stream"), 7));
    assertThat(issued.token().lastUsedAt()).isNull();

    Token current = anonymous.withToken(issued.accessToken()).currentToken();

    assertThat(current.lastUsedAt()).isNotNull();
    assertThat(current.lastUsedAt().getEpochSecond() % 60).isZero();
    server.flushLastUsed();
    assertThat(dev.myToken(app.id()).map(Token::lastUsedAt)).contains(current.lastUsedAt());
  }

  @Test
  void generateTokenGivesAUserTokenAndReplacesTheCallersPreviousOne() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Token App")).app();
    assertThat(dev.myToken(app.id())).isEmpty();

    AccessToken first =
        dev.generateToken(app.id(), new TokenRequest(List.of("stream", "export"), null));
    assertThat(TokenFormat.isWellFormed(first.accessToken().reveal(), TokenFormat.Kind.USER))
        .isTrue();
    assertThat(first.token().scopes()).containsExactly("basic", "stream", "export");
    assertThat(first.token().app().clientId()).isEqualTo(app.clientId());
    assertThat(dev.myToken(app.id()))
        .hasValueSatisfying(t -> assertThat(t.last4()).isEqualTo(first.accessToken().last4()));

    AccessToken second = dev.generateToken(app.id(), new TokenRequest(List.of("files"), 30));
    assertThat(second.token().expiresAt()).isNotNull();
    assertThat(dev.myToken(app.id()).map(Token::last4)).contains(second.accessToken().last4());
    assertEnvelopeError(
        thrown(anonymous.withToken(first.accessToken())::currentToken), ErrorSlug.NOT_AUTHORIZED);
  }

  @Test
  void generateTokenAndMyTokenErrors() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Bad Scopes")).app();
    ApiException unknown =
        assertEnvelopeError(
            thrown(
                () ->
                    dev.generateToken(
                        app.id(), new TokenRequest(List.of("stream", "launch_missiles"), null))),
            ErrorSlug.INVALID_REQUEST);
    assertThat(unknown.serverMessage()).contains("launch_missiles");
    assertEnvelopeError(
        thrown(() -> dev.generateToken(app.id(), new TokenRequest(List.of("developer"), null))),
        ErrorSlug.INVALID_REQUEST);
    assertEnvelopeError(
        thrown(() -> dev.generateToken("999999", new TokenRequest(List.of(), null))),
        ErrorSlug.NOT_FOUND);
    assertEnvelopeError(thrown(() -> dev.myToken("999999")), ErrorSlug.NOT_FOUND);
  }

  // ---- tokens -----------------------------------------------------------------------------------

  @Test
  void currentTokenDescribesTheCallersToken() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Current")).app();
    AccessToken user = dev.generateToken(app.id(), new TokenRequest(List.of("stream"), null));

    Token token = anonymous.withToken(user.accessToken()).currentToken();

    assertThat(token.scopes()).containsExactly("basic", "stream");
    assertThat(token.app().name()).isEqualTo("Current");
    assertThat(token.last4()).isEqualTo(user.accessToken().last4());
    assertThat(token.user()).isNotNull();
    assertEnvelopeError(thrown(anonymous::currentToken), ErrorSlug.INVALID_TOKEN);
  }

  @Test
  void revokeCurrentTokenEndsIt() {
    KeyportClient dev = signedIn();
    App app = dev.createApp(newApp("Revoked")).app();
    KeyportClient user =
        anonymous.withToken(
            dev.generateToken(app.id(), new TokenRequest(List.of(), null)).accessToken());

    user.revokeCurrentToken();

    assertEnvelopeError(thrown(user::currentToken), ErrorSlug.NOT_AUTHORIZED);
    assertEnvelopeError(thrown(user::revokeCurrentToken), ErrorSlug.NOT_AUTHORIZED);
    assertEnvelopeError(thrown(anonymous::revokeCurrentToken), ErrorSlug.INVALID_TOKEN);
  }

  @Test
  void appTokensAndUserIdsWithAnAppToken() {
    KeyportClient dev = signedIn();
    CreatedApp app = dev.createApp(newApp("Authorized"));
    AccessToken user = dev.generateToken(app.id(), new TokenRequest(List.of("stream"), null));
    KeyportClient asApp =
        anonymous.withToken(
            anonymous.clientCredentials(app.clientId(), app.clientSecret()).accessToken());

    List<Token> tokens = asApp.appTokens();
    List<String> userIds = asApp.appTokenUserIds();

    assertThat(tokens)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.last4()).isEqualTo(user.accessToken().last4());
              assertThat(t.scopes()).containsExactly("basic", "stream");
            });
    assertThat(userIds).containsExactly(dev.me().id());
  }

  @Test
  void appTokensWithAUserTokenIsInsufficientScope() {
    KeyportClient dev = signedIn();
    assertEnvelopeError(thrown(dev::appTokens), ErrorSlug.INSUFFICIENT_SCOPE);
    assertEnvelopeError(thrown(dev::appTokenUserIds), ErrorSlug.INSUFFICIENT_SCOPE);
    assertEnvelopeError(thrown(anonymous::appTokens), ErrorSlug.INVALID_TOKEN);
  }

  // ---- the client itself ------------------------------------------------------------------------

  @Test
  void aBaseUrlWithATrailingSlashOrAPathWorksTheSame() {
    try (KeyportClient slash = KeyportClient.create(URI.create(server.baseUrl() + "/"))) {
      assertThat(slash.health().status()).isEqualTo("ok");
      assertThat(slash.baseUrl()).isEqualTo(server.baseUrl());
    }
  }

  @Test
  void aBaseUrlWithCredentialsOrAQueryIsRefused() {
    assertThatThrownBy(() -> KeyportClient.create(URI.create("http://me:pw@127.0.0.1:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> KeyportClient.create(URI.create("http://127.0.0.1:1/?access_token=x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyportClient.create(URI.create("ftp://127.0.0.1:1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theClientsToStringNamesTheServerNotTheToken() {
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    KeyportClient client = anonymous.withToken(token);
    assertThat(client.toString())
        .contains(server.baseUrl().toString())
        .doesNotContain(token.reveal());
    assertThat(client.hasToken()).isTrue();
    assertThat(Optional.of(anonymous).map(KeyportClient::hasToken)).contains(false);
  }

  @Test
  void setsThenChangesTheBrowserSignInPassword() {
    String name = newName();
    KeyportClient me = anonymous.withToken(server.localSession(name).token());
    Secret first = Secret.of("first long password");
    Secret second = Secret.of("second long password");
    assertThat(me.passwordStatus().hasPassword()).isFalse();
    assertThat(me.setPassword(first, null).hasPassword()).isTrue();
    assertThat(me.passwordStatus().hasPassword()).isTrue();

    ApiException missing =
        assertEnvelopeError(thrown(() -> me.setPassword(second, null)), ErrorSlug.INVALID_REQUEST);
    assertThat(missing.field()).isEqualTo("current_password");
    ApiException wrong =
        assertEnvelopeError(
            thrown(() -> me.setPassword(second, Secret.of("nope nope"))),
            ErrorSlug.INVALID_PASSWORD);
    assertThat(wrong.field()).isEqualTo("current_password");
    assertThat(wrong.messageForField()).isEqualTo("That is not your current password.");
    ApiException rule =
        assertEnvelopeError(
            thrown(() -> me.setPassword(Secret.of("short"), first)), ErrorSlug.INVALID_REQUEST);
    assertThat(rule.field()).isEqualTo("password");

    me.setPassword(second, first);
    assertThat(anonymous.passwordGrant(name, second).accessToken()).isNotNull();
  }
}
