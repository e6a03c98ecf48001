package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sign-in throttling of the password grant (API.md, Accounts and sign-in): per username and per
 * client address, 429 with Retry-After once 10 sign-ins failed within 5 minutes, the same answer
 * whether or not the username exists. Clients are told apart by their loopback address (127.0.0.x);
 * time passes on a manual clock. On H2 and PostgreSQL, where two servers share the count. Sign-ins
 * racing each other check no more passwords than the limit: each reserves its attempt before the
 * slow hash.
 */
class SignInThrottleTest {
  static final String PASSWORD = "correct horse battery staple";

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final ManualClock clock = ManualClock.startingNow();
    final AtomicInteger addresses = new AtomicInteger(1);
    ServerConfig config;
    KeyportServer server;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      config = backend().config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000);
      server = KeyportServer.start(config, clock);
      for (String user : new String[] {"alice", "bob", "carol"}) {
        Http.Response r =
            Http.to(server.baseUrl())
                .postJson(
                    "/account/0/users",
                    "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
      }
    }

    @AfterAll
    void stop() {
      server.close();
    }

    @BeforeEach
    void windowsEnd() {
      clock.advance(Duration.ofMinutes(6));
    }

    /** A loopback address no test used yet: a new client. */
    String newAddress() {
      int n = addresses.incrementAndGet();
      return "127.0." + (n / 250) + "." + (2 + n % 250);
    }

    static RawHttp.Answer signIn(URI base, String from, String username, String password) {
      return RawHttp.postForm(
          base,
          from,
          "/oauth/access_token",
          "grant_type=password&client_id=keyport-desktop&username="
              + username
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    RawHttp.Answer signIn(String from, String username, String password) {
      return signIn(server.baseUrl(), from, username, password);
    }

    @Test
    void tenFailuresForAUsernameFromAnywhereThrottleThatUsernameOnly() {
      for (int i = 0; i < 10; i++) {
        RawHttp.Answer wrong = signIn(newAddress(), "alice", "wrong password " + i);
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.json().path("error").asText()).isEqualTo("invalid_grant");
      }
      String elsewhere = newAddress();
      RawHttp.Answer throttled = signIn(elsewhere, "alice", PASSWORD); // even the right password
      assertThrottled(throttled, 300);
      // another user from that same address is not affected
      assertThat(signIn(elsewhere, "bob", PASSWORD).status()).isEqualTo(200);

      clock.advance(Duration.ofMinutes(4));
      assertThrottled(signIn(newAddress(), "alice", PASSWORD), 60);
      clock.advance(Duration.ofSeconds(61));
      RawHttp.Answer again = signIn(newAddress(), "alice", PASSWORD);
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(again.json().path("access_token").asText()).startsWith("kpu_");
    }

    @Test
    void tenFailuresFromAnAddressThrottleThatAddressOnly() {
      String attacker = newAddress();
      for (int i = 0; i < 10; i++) {
        assertThat(signIn(attacker, "guess" + i, "wrong password").status()).isEqualTo(400);
      }
      assertThrottled(signIn(attacker, "carol", PASSWORD), 300);
      assertThat(signIn(newAddress(), "carol", PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aThrottledUsernameThatDoesNotExistLooksTheSameAsOneThatDoes() {
      for (int i = 0; i < 10; i++) {
        assertThat(signIn(newAddress(), "bob", "wrong").status()).isEqualTo(400);
        assertThat(signIn(newAddress(), "nobody_here", "wrong").status()).isEqualTo(400);
      }
      RawHttp.Answer known = signIn(newAddress(), "bob", "wrong");
      RawHttp.Answer unknown = signIn(newAddress(), "nobody_here", "wrong");
      assertThrottled(known, 300);
      assertThrottled(unknown, 300);
      assertThat(unknown.json().path("error").asText())
          .isEqualTo(known.json().path("error").asText());
      assertThat(unknown.json().path("error_description").asText())
          .isEqualTo(known.json().path("error_description").asText());
      assertThat(unknown.json().path("error_id").asText())
          .isNotEqualTo(known.json().path("error_id").asText());
      assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
    }

    @Test
    void successesDoNotCount() {
      String from = newAddress();
      for (int i = 0; i < 15; i++) {
        assertThat(signIn(from, "bob", PASSWORD).status()).isEqualTo(200);
      }
    }

    /**
     * 30 sign-ins at once for one username, each from its own address: 29 wrong passwords and the
     * right one. At most 10 passwords may be checked (a checked one answers 400 or 200, a refused
     * one 429 before any hash); the right one is either among them (200, and its attempt given
     * back) or refused. Once 10 have failed, the right password is refused too.
     */
    @Test
    void parallelGuessesForOneUsernameCheckAtMostTenPasswords() throws Exception {
      List<URI> bases = servers();
      List<RawHttp.Answer> answers =
          race(
              30,
              i ->
                  signIn(
                      bases.get(i % bases.size()),
                      newAddress(),
                      "alice",
                      i == 29 ? PASSWORD : "wrong password " + i));
      assertAtMostTenChecked(answers);
      for (long failed = count(answers, 400); failed < 10; failed++) {
        assertThat(signIn(newAddress(), "alice", "wrong again").status()).isEqualTo(400);
      }
      assertThrottled(signIn(newAddress(), "alice", PASSWORD), 300);
    }

    /**
     * The same from one address, each guess for another username: the address's 10 are the limit.
     */
    @Test
    void parallelGuessesFromOneAddressCheckAtMostTenPasswords() throws Exception {
      List<URI> bases = servers();
      String attacker = newAddress();
      List<RawHttp.Answer> answers =
          race(
              30,
              i ->
                  signIn(
                      bases.get(i % bases.size()),
                      attacker,
                      i == 29 ? "bob" : "guess_" + i,
                      i == 29 ? PASSWORD : "wrong password"));
      assertAtMostTenChecked(answers);
      for (long failed = count(answers, 400); failed < 10; failed++) {
        assertThat(signIn(attacker, "guess_again" + failed, "wrong").status()).isEqualTo(400);
      }
      assertThrottled(signIn(attacker, "bob", PASSWORD), 300);
    }

    static long count(List<RawHttp.Answer> answers, int status) {
      return answers.stream().filter(a -> a.status() == status).count();
    }

    /** The servers the parallel sign-ins are spread over (on PostgreSQL two, sharing the count). */
    List<URI> servers() {
      return List.of(server.baseUrl());
    }

    /** The last answer is the right password's: 200 or 429, never 400. */
    static void assertAtMostTenChecked(List<RawHttp.Answer> answers) {
      long checked = count(answers, 400) + count(answers, 200);
      assertThat(checked).as("passwords checked").isLessThanOrEqualTo(10);
      assertThat(checked + count(answers, 429))
          .as("every answer is 200, 400 or 429")
          .isEqualTo(answers.size());
      assertThat(answers.get(answers.size() - 1).status()).isIn(200, 429);
      assertThat(count(answers, 200)).isLessThanOrEqualTo(1);
      for (RawHttp.Answer a : answers) {
        if (a.status() == 429) {
          assertThrottled(a, 300);
        }
      }
    }

    /** Runs {@code call(i)} for i in 0..n-1 on n threads released at once. */
    static List<RawHttp.Answer> race(int n, IntFunction<RawHttp.Answer> call) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(n);
      try {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RawHttp.Answer>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int index = i;
          futures.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                  }));
        }
        ready.await();
        go.countDown();
        List<RawHttp.Answer> out = new ArrayList<>();
        for (Future<RawHttp.Answer> f : futures) {
          out.add(f.get());
        }
        return out;
      } finally {
        pool.shutdownNow();
      }
    }

    static void assertThrottled(RawHttp.Answer r, long maxSeconds) {
      assertThat(r.status()).as(r.body()).isEqualTo(429);
      assertThat(r.json().path("error").asText()).isEqualTo("rate_limited");
      assertThat(r.json().path("error_description").asText()).isNotBlank();
      assertThat(r.json().has("access_token")).isFalse();
      long retryAfter = Long.parseLong(r.header("Retry-After"));
      assertThat(retryAfter).isBetween(1L, maxSeconds);
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
    KeyportServer second;

    @Override
    TestServers backend() {
      return TestServers.POSTGRES;
    }

    @Override
    List<URI> servers() {
      if (second == null) {
        second = KeyportServer.start(config, clock);
      }
      return List.of(server.baseUrl(), second.baseUrl());
    }

    @AfterAll
    void stopSecond() {
      if (second != null) {
        second.close();
      }
    }

    @Test
    void twoServersOnOneDatabaseShareTheCount() {
      try (KeyportServer second = KeyportServer.start(config, clock)) {
        for (int i = 0; i < 10; i++) {
          URI base = i % 2 == 0 ? server.baseUrl() : second.baseUrl();
          assertThat(signIn(base, newAddress(), "carol", "wrong").status()).isEqualTo(400);
        }
        assertThrottled(signIn(second.baseUrl(), newAddress(), "carol", PASSWORD), 300);
        assertThrottled(signIn(server.baseUrl(), newAddress(), "carol", PASSWORD), 300);
      }
    }
  }
}
