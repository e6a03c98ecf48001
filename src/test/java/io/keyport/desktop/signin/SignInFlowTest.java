package io.keyport.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.AccessToken;
import io.keyport.api.CreatedApp;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.signin.FormBrowser.Decision;
import io.keyport.desktop.signin.SignInFailure.Reason;
import io.keyport.desktop.signin.SignInFlow.Step;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Try sign-in end to end against a real embedded server, with the browser played by {@link
 * FormBrowser}: success, and each failure in its own words (denied, wrong state, timeout, redirect
 * mismatch with the difference, taken port, invalid_grant). No secret reaches the timeline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInFlowTest {
  static final String PASSWORD = "correct horse battery";
  static final AtomicInteger USERS = new AtomicInteger();
  static final Duration SHORT = Duration.ofMillis(1500);

  KeyportServer server;
  KeyportClient anonymous;

  @BeforeAll
  void start() {
    // one sign-up per test: more than the anonymous limit allows a minute
    server =
        TestServers.H2.start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
    anonymous = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  void stop() {
    anonymous.close();
    server.close();
  }

  record World(String username, CreatedApp app) {}

  World world(String... callbacks) {
    String username = "try" + USERS.incrementAndGet() + "_" + (System.nanoTime() % 100000);
    anonymous.signUp(new NewUser(username, Secret.of(PASSWORD), null));
    AccessToken dev = anonymous.passwordGrant(username, Secret.of(PASSWORD));
    CreatedApp app =
        anonymous
            .withToken(dev.accessToken())
            .createApp(
                new NewApp("Try App " + username, "https://example.com/try", List.of(callbacks)));
    return new World(username, app);
  }

  SignInFlow.Request request(World w, String callback, boolean ephemeral) {
    return new SignInFlow.Request(
        w.app().clientId(),
        w.app().clientSecret(),
        URI.create(callback),
        ephemeral,
        List.of("basic", "stream"),
        w.app().callbackUrls());
  }

  FormBrowser browser(World w, Decision decision) {
    return new FormBrowser(server.baseUrl(), w.username(), PASSWORD, decision);
  }

  @Test
  void signsInEndToEndAndTheTimelineMasksEverySecret() throws Exception {
    World w = world("http://127.0.0.1:8000/callback");
    FormBrowser browser = browser(w, Decision.ALLOW);
    List<Step> steps = new CopyOnWriteArrayList<>();
    Pkce pkce = Pkce.generate();
    SignInFlow.Result result =
        new SignInFlow(anonymous, browser, Duration.ofSeconds(20), steps::add)
            .run(request(w, "http://127.0.0.1:8000/callback", true), pkce);

    assertThat(result.token().token().scopes()).contains("basic", "stream");
    assertThat(anonymous.withToken(result.token().accessToken()).me().username())
        .isEqualTo(w.username());
    assertThat(result.redirectUri().getPort()).isNotEqualTo(8000);
    assertThat(browser.opened.toString())
        .startsWith(server.baseUrl() + "/oauth/authenticate?")
        .contains("code_challenge=" + pkce.challenge())
        .contains("code_challenge_method=S256");
    assertThat(browser.callbackAnswer.status()).isEqualTo(200);
    assertThat(browser.callbackAnswer.body()).contains("You can close this tab");
    assertThat(browser.callbackAnswer.header("Cache-Control")).isEqualTo("no-store");
    assertThat(steps)
        .extracting(Step::kind)
        .containsSubsequence(
            Step.Kind.AUTHORIZE_URL,
            Step.Kind.BROWSER_OPENED,
            Step.Kind.REDIRECT_RECEIVED,
            Step.Kind.TOKEN_EXCHANGE,
            Step.Kind.RESPONSE);

    String code = WebClientQuery.code(browser);
    String all = steps.toString();
    assertThat(all)
        .doesNotContain(code)
        .doesNotContain(result.token().accessToken().reveal())
        .doesNotContain(pkce.verifier().reveal())
        .doesNotContain(pkce.state().reveal())
        .doesNotContain(w.app().clientSecret().reveal())
        .contains(Masking.partly(Secret.of(code)))
        .contains("••••" + result.token().accessToken().last4());
  }

  @Test
  void deniedConsentSaysSo() {
    World w = world("http://127.0.0.1/callback");
    SignInFailure failure =
        catchThrowableOfType(
            () ->
                new SignInFlow(
                        anonymous, browser(w, Decision.DENY), Duration.ofSeconds(20), s -> {})
                    .run(request(w, "http://127.0.0.1/callback", true)),
            SignInFailure.class);
    assertThat(failure.reason()).isEqualTo(Reason.ACCESS_DENIED);
    assertThat(failure.getMessage()).contains("Deny");
  }

  @Test
  void aRedirectWithAnotherStateIsRefusedAndReportedAsAStateMismatch() {
    World w = world("http://127.0.0.1/callback");
    FormBrowser browser =
        new FormBrowser(
            server.baseUrl(),
            w.username(),
            PASSWORD,
            Decision.ALLOW,
            location -> location.replaceAll("state=[^&]*", "state=forged"));
    SignInFailure failure =
        catchThrowableOfType(
            () ->
                new SignInFlow(anonymous, browser, SHORT, s -> {})
                    .run(request(w, "http://127.0.0.1/callback", true)),
            SignInFailure.class);
    assertThat(browser.callbackAnswer.status()).isEqualTo(400);
    assertThat(failure.reason()).isEqualTo(Reason.STATE_MISMATCH);
    assertThat(failure.getMessage()).contains("state");
  }

  @Test
  void noRedirectInTimeIsATimeout() {
    World w = world("http://127.0.0.1/callback");
    List<Step> steps = new CopyOnWriteArrayList<>();
    SignInFailure failure =
        catchThrowableOfType(
            () ->
                new SignInFlow(anonymous, browser(w, Decision.NOTHING), SHORT, steps::add)
                    .run(request(w, "http://127.0.0.1/callback", true)),
            SignInFailure.class);
    assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failure.getMessage()).contains("No redirect came back within 1 s");
    assertThat(steps).last().extracting(Step::kind).isEqualTo(Step.Kind.FAILED);
  }

  @Test
  void anUnregisteredCallbackIsAMismatchShownBesideTheRegisteredOnesWithTheDifference() {
    World w = world("http://127.0.0.1/callback", "https://app.example.com/cb");
    FormBrowser browser = browser(w, Decision.ALLOW);
    SignInFailure failure =
        catchThrowableOfType(
            () ->
                new SignInFlow(anonymous, browser, SHORT, s -> {})
                    .run(request(w, "http://127.0.0.1/callbak", true)),
            SignInFailure.class);
    // The server showed its error page, never a redirect.
    assertThat(browser.last().status()).isEqualTo(400);
    assertThat(browser.callbackAnswer).isNull();
    assertThat(failure.reason()).isEqualTo(Reason.REDIRECT_MISMATCH);
    assertThat(failure.registered())
        .containsExactly("http://127.0.0.1/callback", "https://app.example.com/cb");
    CallbackDifference d = failure.difference().orElseThrow();
    assertThat(d.registered()).isEqualTo("http://127.0.0.1/callback");
    assertThat(d.registeredParts()).containsExactly("http://127.0.0.1/callba", "c", "k");
    assertThat(failure.getMessage())
        .contains("not registered")
        .contains("http://127.0.0.1/callback");
  }

  @Test
  void aTakenPortIsNamedAndAFreeOneOffered() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      String callback = "http://127.0.0.1:" + port + "/callback";
      World w = world(callback);
      FormBrowser browser = browser(w, Decision.ALLOW);
      SignInFailure failure =
          catchThrowableOfType(
              () ->
                  new SignInFlow(anonymous, browser, SHORT, s -> {})
                      .run(request(w, callback, false)),
              SignInFailure.class);
      assertThat(failure.reason()).isEqualTo(Reason.PORT_TAKEN);
      assertThat(failure.getMessage()).contains("Port " + port).contains("in use");
      assertThat(failure.freePort()).isPositive().isNotEqualTo(port);
      assertThat(browser.opened).isNull();
    }
  }

  @Test
  void aCodeUsedBeforeIsInvalidGrantWithTheLikelyCause() {
    World w = world("http://127.0.0.1/callback");
    Pkce pkce = Pkce.generate();
    FormBrowser browser =
        new FormBrowser(
            server.baseUrl(),
            w.username(),
            PASSWORD,
            Decision.ALLOW,
            location -> {
              // Someone redeems the code first, with the right verifier (a replay).
              String code = WebClientQuery.param(location, "code");
              String redirect = location.substring(0, location.indexOf('?'));
              anonymous.exchangeCode(
                  w.app().clientId(),
                  w.app().clientSecret(),
                  Secret.of(code),
                  redirect,
                  pkce.verifier());
              return location;
            });
    SignInFailure failure =
        catchThrowableOfType(
            () ->
                new SignInFlow(anonymous, browser, Duration.ofSeconds(20), s -> {})
                    .run(request(w, "http://127.0.0.1/callback", true), pkce),
            SignInFailure.class);
    assertThat(failure.reason()).isEqualTo(Reason.INVALID_GRANT);
    assertThat(failure.getMessage()).contains("already used");
  }

  @Test
  void thePublicDesktopClientSignsInWithoutASecret() throws Exception {
    World w = world("http://127.0.0.1/callback");
    SignInFlow.Result result =
        new SignInFlow(anonymous, browser(w, Decision.ALLOW), Duration.ofSeconds(20), s -> {})
            .run(
                new SignInFlow.Request(
                    Scopes.DESKTOP_CLIENT_ID,
                    null,
                    URI.create("http://127.0.0.1/callback"),
                    true,
                    List.of("basic", "developer"),
                    List.of()));
    assertThat(result.token().token().scopes()).contains("developer");
  }

  @Test
  void cancelClosesTheListenerAtOnceInsteadOfWaitingForTheTimeout() throws Exception {
    World w = world("http://127.0.0.1/callback");
    FormBrowser browser = browser(w, Decision.NOTHING);
    SignInFlow flow = new SignInFlow(anonymous, browser, Duration.ofMinutes(5), s -> {});
    CompletableFuture<Throwable> ended =
        CompletableFuture.supplyAsync(
            () ->
                catchThrowableOfType(
                    () -> flow.run(request(w, "http://127.0.0.1/callback", true)),
                    SignInFailure.class));
    while (browser.opened == null) {
      Thread.onSpinWait();
    }
    int port = URI.create(WebClient.query(browser.opened.toString()).get("redirect_uri")).getPort();
    long before = System.nanoTime();
    flow.cancel();
    SignInFailure failure = (SignInFailure) ended.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    assertThat(failure.reason()).isEqualTo(Reason.CANCELLED);
    assertThat(failure.getMessage()).contains("port " + port);
    // the port is free again
    new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1")).close();
  }

  @Test
  void aNonLoopbackCallbackTakesTheAddressTheBrowserLandedOn() throws Exception {
    World w = world("https://app.example.com/cb");
    List<Step> steps = new CopyOnWriteArrayList<>();
    SignInFlow flow = new SignInFlow(anonymous, url -> {}, SHORT, steps::add);
    SignInFlow.Pending pending = flow.begin(request(w, "https://app.example.com/cb", false));
    assertThat(pending.toString()).doesNotContain("state=");
    FormBrowser browser = browser(w, Decision.ALLOW);
    browser.open(pending.authorizeUrl());
    String landed = browser.landedAt();
    assertThat(landed).startsWith("https://app.example.com/cb?code=");

    SignInFailure notYet =
        catchThrowableOfType(
            () -> flow.finish(pending, "https://app.example.com/cb"), SignInFailure.class);
    assertThat(notYet.reason()).isEqualTo(Reason.NOT_A_REDIRECT);
    SignInFailure forged =
        catchThrowableOfType(
            () -> flow.finish(pending, landed.replaceAll("state=[^&]*", "state=forged")),
            SignInFailure.class);
    assertThat(forged.reason()).isEqualTo(Reason.STATE_MISMATCH);

    SignInFlow.Result result = flow.finish(pending, landed);
    assertThat(anonymous.withToken(result.token().accessToken()).me().username())
        .isEqualTo(w.username());
    String code = WebClient.query(landed).get("code");
    assertThat(steps.toString())
        .doesNotContain(code)
        .doesNotContain(result.token().accessToken().reveal());
  }

  @Test
  void aTakenPortOfARegisteredLoopbackCallbackSaysAnyPortWorks() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      World w = world("http://127.0.0.1:" + port + "/callback");
      SignInFailure registered =
          catchThrowableOfType(
              () ->
                  new SignInFlow(anonymous, url -> {}, SHORT, s -> {})
                      .run(request(w, "http://127.0.0.1:" + port + "/callback", false)),
              SignInFailure.class);
      assertThat(registered.getMessage()).contains("accepts any port");
      SignInFailure unregistered =
          catchThrowableOfType(
              () ->
                  new SignInFlow(anonymous, url -> {}, SHORT, s -> {})
                      .run(request(w, "http://127.0.0.1:" + port + "/other", false)),
              SignInFailure.class);
      assertThat(unregistered.getMessage())
          .contains("register http://127.0.0.1:" + unregistered.freePort() + "/other");
    }
  }
}
