package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.App;
import io.keyport.api.ErrorSlug;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.TokenRequest;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A 429 on a GET is waited out once (Retry-After, at most 10 s) and retried; writes are never
 * retried. The server's clock is a manual one, and the client's wait moves it instead of sleeping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitedClientTest {
  static final long ANON_PER_MINUTE = 2;
  static final long WRITES_PER_MINUTE = 1;

  final ManualClock clock = ManualClock.startingNow();
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  KeyportServer server;
  KeyportClient client;

  /**
   * When set, the client's wait passes on the server's clock; else it passes without time moving.
   */
  volatile boolean waitingMovesTheClock;

  @BeforeAll
  void start() {
    server =
        KeyportServer.start(
            TestServers.H2.config().withLimits(5000, WRITES_PER_MINUTE, ANON_PER_MINUTE), clock);
    client =
        KeyportClient.builder(server.baseUrl())
            .sleeper(
                d -> {
                  waits.add(d);
                  if (waitingMovesTheClock) {
                    clock.advance(d);
                  }
                })
            .build();
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void freshWindows() {
    clock.advance(Duration.ofHours(2));
    waits.clear();
    waitingMovesTheClock = true;
  }

  void useUpTheAnonymousMinute() {
    for (int i = 0; i < ANON_PER_MINUTE; i++) {
      client.scopes();
    }
  }

  /**
   * Seconds until the anonymous window refills, as the server says (a refused request costs
   * nothing).
   */
  long secondsLeftInTheWindow() {
    Http.Response refused = Http.to(server.baseUrl()).get("/stream/0/scopes");
    assertThat(refused.status()).isEqualTo(429);
    return Long.parseLong(refused.header("Retry-After"));
  }

  /** Windows refill on the server's own schedule: start this test right at the beginning of one. */
  void startOfAWindow() {
    useUpTheAnonymousMinute();
    clock.advance(Duration.ofSeconds(secondsLeftInTheWindow()));
  }

  /** Uses up the anonymous requests of a fresh window and moves on until 5 s are left in it. */
  void fiveSecondsBeforeTheWindowEnds() {
    startOfAWindow();
    useUpTheAnonymousMinute();
    clock.advance(Duration.ofSeconds(secondsLeftInTheWindow() - 5));
    assertThat(secondsLeftInTheWindow()).isEqualTo(5);
  }

  @Test
  void aRateLimitedGetWaitsOutRetryAfterOnceAndSucceeds() {
    fiveSecondsBeforeTheWindowEnds();

    assertThat(client.scopes()).isEqualTo(Scopes.GRANTABLE);

    assertThat(waits).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void aGetStillRateLimitedAfterTheOneRetryIsA429() {
    fiveSecondsBeforeTheWindowEnds();
    waitingMovesTheClock = false;

    ApiException e = catchThrowableOfType(ApiException.class, client::scopes);

    assertThat(e.is(ErrorSlug.RATE_LIMITED)).isTrue();
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.errorId()).isNotBlank();
    assertThat(waits).hasSize(1);
  }

  @Test
  void aRetryAfterLongerThanTenSecondsIsNotWaitedFor() {
    startOfAWindow();
    useUpTheAnonymousMinute();

    ApiException e = catchThrowableOfType(ApiException.class, client::scopes);

    assertThat(e.is(ErrorSlug.RATE_LIMITED)).isTrue();
    assertThat(e.retryAfterSeconds()).isGreaterThan(KeyportClient.MAX_RETRY_AFTER_SECONDS);
    assertThat(e.serverMessage()).isNotBlank();
    assertThat(waits).isEmpty();
  }

  @Test
  void signUpOnAServerWithSignUpClosedIsSignupClosed() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> client.signUp(new NewUser("newcomer", Secret.of("long enough password"), null)));
    assertThat(e.is(ErrorSlug.SIGNUP_CLOSED)).isTrue();
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.errorId()).isNotBlank();
    assertThat(e.getMessage()).isEqualTo(e.serverMessage()).isNotBlank();
  }

  @Test
  void aTokenPastItsExpiryIsTokenExpired() {
    KeyportClient dev = client.withToken(server.localSession("expiring").token());
    App app =
        dev.createApp(new NewApp("Expiring", "https://example.com", List.of("http://localhost/cb")))
            .app();
    clock.advance(Duration.ofMinutes(1)); // one write a minute here
    KeyportClient user =
        client.withToken(
            dev.generateToken(app.id(), new TokenRequest(List.of("stream"), 1)).accessToken());
    assertThat(user.currentToken().expiresAt()).isNotNull();

    clock.advance(Duration.ofDays(2));

    ApiException e = catchThrowableOfType(ApiException.class, user::currentToken);
    assertThat(e.is(ErrorSlug.TOKEN_EXPIRED)).isTrue();
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.errorId()).isNotBlank();
  }

  @Test
  void aRateLimitedWriteIsNeverRetried() {
    KeyportClient dev = client.withToken(server.localSession("writer").token());
    dev.createApp(new NewApp("One", "https://example.com", List.of("http://localhost/cb")));
    clock.advance(Duration.ofSeconds(58)); // a retry after Retry-After would succeed

    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                dev.createApp(
                    new NewApp("Two", "https://example.com", List.of("http://localhost/cb"))));

    assertThat(e.is(ErrorSlug.RATE_LIMITED)).isTrue();
    assertThat(e.retryAfterSeconds()).isBetween(1L, 10L);
    assertThat(waits).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(dev.listAllApps()).extracting(a -> a.name()).containsExactly("One");
  }
}
