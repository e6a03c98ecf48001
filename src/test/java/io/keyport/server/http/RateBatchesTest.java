package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a limit of 200 or more is taken from the shared bucket in batches (1% of it); the
 * count a client sees stays exact on one server, and servers on one database still share the limit.
 */
class RateBatchesTest {
  static final long PER_HOUR = 300; // batches of 3
  private static final ManualClock clock = ManualClock.startingNow();
  private static ServerConfig config;
  private static KeyportServer server;
  private static KeyportServer second;
  private static int users;

  @BeforeAll
  static void start() {
    config = TestServers.POSTGRES.config().withLimits(PER_HOUR, 1_000, 1_000);
    server = KeyportServer.start(config, clock);
    second = KeyportServer.start(config.withPort(0), clock);
  }

  @AfterAll
  static void stop() {
    second.close();
    server.close();
  }

  static String token() {
    return server.localSession("batch" + (++users)).token().reveal();
  }

  @Test
  void onOneServerTheRemainingCountGoesDownOneByOne() {
    Http as = Http.to(server.baseUrl()).bearer(token());
    for (long left = PER_HOUR - 1; left >= PER_HOUR - 10; left--) {
      Http.Response r = as.get("/account/0/apps");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Long.toString(left));
    }
  }

  @Test
  void twoServersStillShareOneLimitAndItLapsesWithTheWindow() {
    clock.advance(Duration.ofHours(2));
    String token = token();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < PER_HOUR + 10; i++) {
      KeyportServer which = i % 2 == 0 ? server : second;
      statuses.add(Http.to(which.baseUrl()).bearer(token).get("/account/0/apps").status());
    }
    long ok = statuses.stream().filter(s -> s == 200).count();
    // Never more than the limit; at most a batch short on each of the two servers.
    assertThat(ok).isBetween(PER_HOUR - 2 * 2, PER_HOUR);
    assertThat(statuses.subList(statuses.size() - 6, statuses.size())).containsOnly(429);

    clock.advance(Duration.ofHours(1));
    assertThat(Http.to(second.baseUrl()).bearer(token).get("/account/0/apps").status())
        .isEqualTo(200);
  }
}
