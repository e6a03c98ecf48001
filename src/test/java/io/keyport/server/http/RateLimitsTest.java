package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.crypto.Hashing;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rate limits (API.md, Rate limits) with small limits: per token in all and for writes, per address
 * without a token; the headers, 429 with Retry-After; time passes on a manual clock. On H2 and
 * PostgreSQL, and on PostgreSQL two servers on one database share one limit.
 */
class RateLimitsTest {
  static final long PER_HOUR = 8;
  static final long WRITES = 3;
  static final long ANON = 4;

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    final ManualClock clock = ManualClock.startingNow();
    final AtomicInteger users = new AtomicInteger();
    ServerConfig config;
    KeyportServer server;
    Http http;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      config = backend().config().withLimits(PER_HOUR, WRITES, ANON);
      server = KeyportServer.start(config, clock);
      http = Http.to(server.baseUrl());
    }

    @AfterAll
    void stop() {
      server.close();
    }

    @BeforeEach
    void freshWindows() {
      clock.advance(Duration.ofHours(2)); // every window of the previous test has ended
    }

    /** A fresh token of a fresh account, so each test starts with full buckets. */
    String token() {
      return server.localSession("user" + users.incrementAndGet()).token().reveal();
    }

    @Test
    void anAuthenticatedReadShowsTheHourlyLimitCountingDown() {
      Http as = http.bearer(token());
      for (long left = PER_HOUR - 1; left >= 0; left--) {
        Http.Response r = as.get("/account/0/apps");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Long.toString(PER_HOUR));
        assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(left));
        assertThat(Long.parseLong(r.header("X-RateLimit-Reset"))).isBetween(1L, 3600L);
      }
    }

    @Test
    void pastTheHourlyLimitIs429WithRetryAfterUntilTheHourEnds() {
      Http as = http.bearer(token());
      for (int i = 0; i < PER_HOUR; i++) {
        assertThat(as.get("/account/0/apps").status()).isEqualTo(200);
      }
      Http.Response refused = as.get("/account/0/apps");
      assertRateLimited(refused, PER_HOUR);
      assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);

      clock.advance(Duration.ofMinutes(30));
      Http.Response still = as.get("/account/0/apps");
      assertRateLimited(still, PER_HOUR);
      assertThat(Long.parseLong(still.header("Retry-After"))).isBetween(1700L, 1800L);

      clock.advance(Duration.ofMinutes(31));
      Http.Response again = as.get("/account/0/apps");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(PER_HOUR - 1));
    }

    @Test
    void writesHaveTheirOwnPerMinuteLimitAndShowTheMoreRestrictiveOne() {
      Http as = http.bearer(token());
      for (long left = WRITES - 1; left >= 0; left--) {
        Http.Response w = as.postJson("/account/0/apps", "{}");
        assertThat(w.status()).isNotEqualTo(429);
        // the per-minute write limit has fewer left than the hourly one: it is the one shown
        assertThat(w.header("X-RateLimit-Limit")).isEqualTo(Long.toString(WRITES));
        assertThat(w.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(left));
        assertThat(Long.parseLong(w.header("X-RateLimit-Reset"))).isBetween(1L, 60L);
      }
      Http.Response refused = as.postJson("/account/0/apps", "{}");
      assertRateLimited(refused, WRITES);
      assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);

      // reads go on: the refused write did not use up the hourly allowance
      Http.Response read = as.get("/account/0/apps");
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.header("X-RateLimit-Limit")).isEqualTo(Long.toString(PER_HOUR));
      assertThat(read.header("X-RateLimit-Remaining"))
          .isEqualTo(Long.toString(PER_HOUR - WRITES - 1));

      clock.advance(Duration.ofSeconds(61));
      assertThat(as.delete("/account/0/apps/1").status()).isNotEqualTo(429);
    }

    @Test
    void withoutATokenTheLimitIsPerAddressAndAnUnknownTokenCountsAsNone() {
      Http.Response first = http.get("/stream/0/scopes");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("X-RateLimit-Limit")).isEqualTo(Long.toString(ANON));
      assertThat(first.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(ANON - 1));
      assertThat(Long.parseLong(first.header("X-RateLimit-Reset"))).isBetween(1L, 60L);

      // a well-formed token the server never issued counts as no token at all
      String unknown = TokenFormat.generate(TokenFormat.Kind.USER).reveal();
      Http.Response badToken = http.bearer(unknown).get("/account/0/apps");
      assertThat(badToken.status()).isEqualTo(401);
      assertThat(badToken.header("X-RateLimit-Limit")).isEqualTo(Long.toString(ANON));
      assertThat(badToken.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(ANON - 2));

      assertThat(http.get("/stream/0/nothing").status()).isEqualTo(404);
      assertThat(http.postJson("/stream/0/scopes", "{}").status()).isEqualTo(405);
      Http.Response refused = http.get("/stream/0/scopes");
      assertRateLimited(refused, ANON);

      // a valid token has its own allowance
      assertThat(http.bearer(token()).get("/stream/0/scopes").status()).isEqualTo(200);
      // health checks are never turned away
      assertThat(http.get("/health").status()).isEqualTo(200);

      clock.advance(Duration.ofSeconds(61));
      assertThat(http.get("/stream/0/scopes").status()).isEqualTo(200);
    }

    @Test
    void theTokenEndpointIsLimitedPerAddressAndAnswers429InRfc6749Shape() {
      for (long left = ANON - 1; left >= 0; left--) {
        Http.Response r = http.postForm("/oauth/access_token", "grant_type=client_credentials");
        assertThat(r.status()).isNotEqualTo(429);
        assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(left));
      }
      Http.Response refused = http.postForm("/oauth/access_token", "grant_type=client_credentials");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().path("error").asText()).isEqualTo("rate_limited");
      assertThat(refused.json().path("error_description").asText()).isNotBlank();
      assertThat(refused.json().has("meta")).isFalse();
      assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
      assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void errorAnswersCarryTheHeadersToo() {
      Http as = http.bearer(token());
      Http.Response notFound = as.get("/account/0/nothing");
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(notFound.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(PER_HOUR - 1));
      Http.Response wrongMethod = as.send("PUT", "/stream/0/scopes", null, null);
      assertThat(wrongMethod.status()).isEqualTo(405);
      assertThat(wrongMethod.header("X-RateLimit-Limit")).isNotNull();
      Http.Response inQuery = http.get("/stream/0/scopes?access_token=x");
      assertThat(inQuery.status()).isEqualTo(400);
      assertThat(inQuery.header("X-RateLimit-Limit")).isEqualTo(Long.toString(ANON));
    }
  }

  static void assertRateLimited(Http.Response r, long limit) {
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.meta().path("code").asInt()).isEqualTo(429);
    assertThat(r.meta().path("error_slug").asText()).isEqualTo("rate-limited");
    assertThat(r.meta().path("error_id").asText()).isNotBlank();
    assertThat(r.json().has("data")).isFalse();
    assertThat(r.header("Retry-After")).isNotNull();
    assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
    assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Long.toString(limit));
    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Long.parseLong(r.header("X-RateLimit-Reset")))
        .isGreaterThanOrEqualTo(Long.parseLong(r.header("Retry-After")));
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
    void twoServersOnOneDatabaseShareOneLimit() {
      try (KeyportServer second = KeyportServer.start(config, clock)) {
        String token = token();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < PER_HOUR + 2; i++) {
          KeyportServer which = i % 2 == 0 ? server : second;
          statuses.add(Http.to(which.baseUrl()).bearer(token).get("/account/0/apps").status());
        }
        assertThat(statuses.subList(0, (int) PER_HOUR)).containsOnly(200);
        assertThat(statuses.subList((int) PER_HOUR, statuses.size())).containsOnly(429);

        // and the anonymous limit per address too
        List<Integer> anon = new ArrayList<>();
        for (int i = 0; i < ANON + 2; i++) {
          KeyportServer which = i % 2 == 0 ? second : server;
          anon.add(Http.to(which.baseUrl()).get("/stream/0/scopes").status());
        }
        assertThat(anon.subList(0, (int) ANON)).containsOnly(200);
        assertThat(anon.subList((int) ANON, anon.size())).containsOnly(429);
      }
    }

    @Test
    void theSharedBucketsAreKeyedByTokenHashNeverTheToken() throws Exception {
      String token = token();
      assertThat(http.bearer(token).get("/account/0/apps").status()).isEqualTo(200);
      List<String> keys = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(config.dbUrl(), config.dbUser(), "");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id from rate_buckets")) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
      assertThat(keys).isNotEmpty();
      assertThat(keys).noneMatch(k -> k.contains(token) || k.contains(token.substring(4)));
      assertThat(keys).anyMatch(k -> k.contains(Hashing.sha256Hex(Secret.of(token))));
    }
  }
}
