package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Racing requests: of several PATCHes at one version exactly one wins (the rest 412), of several
 * creations with one name exactly one wins (the rest 409), and racing "generate a token" leaves
 * exactly one live own token. On H2 and PostgreSQL.
 */
class ConcurrencyTest {
  static final int RACERS = 6;

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    Http http;
    ExecutorService pool;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server = backend().start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
      http = Http.to(server.baseUrl());
      pool = Executors.newFixedThreadPool(RACERS);
    }

    @AfterAll
    void stop() {
      pool.shutdownNow();
      server.close();
    }

    /** Runs {@code call} RACERS times at once (released together) and returns the answers. */
    List<Http.Response> race(Supplier<Http.Response> call) throws Exception {
      CountDownLatch ready = new CountDownLatch(RACERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Http.Response>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.get();
                }));
      }
      ready.await();
      go.countDown();
      List<Http.Response> out = new ArrayList<>();
      for (Future<Http.Response> f : futures) {
        out.add(f.get());
      }
      return out;
    }

    static long count(List<Http.Response> answers, int status) {
      return answers.stream().filter(r -> r.status() == status).count();
    }

    @Test
    void onePatchPerVersionWins() throws Exception {
      Http me = http.bearer(Fixtures.developer(http));
      String path = "/account/0/apps/" + Fixtures.createApp(me, null, "Raced").path("id").asText();
      List<Http.Response> answers =
          race(
              () ->
                  me.header("If-Match", "1")
                      .patchJson(
                          path,
                          "{\"website\": \"https://"
                              + Thread.currentThread().getId()
                              + ".example\"}"));
      assertThat(count(answers, 200)).as(answers.toString()).isEqualTo(1);
      assertThat(count(answers, 412)).as(answers.toString()).isEqualTo(RACERS - 1);
      assertThat(me.get(path).data().path("version").asText()).isEqualTo("2");
    }

    @Test
    void oneCreationPerNameWins() throws Exception {
      Http me = http.bearer(Fixtures.developer(http));
      List<Http.Response> answers =
          race(() -> me.postJson("/account/0/apps", Fixtures.appBody("Same Name")));
      assertThat(count(answers, 200)).as(answers.toString()).isEqualTo(1);
      assertThat(count(answers, 409)).as(answers.toString()).isEqualTo(RACERS - 1);
      assertThat(me.get("/account/0/apps").data()).hasSize(1);
    }

    @Test
    void racingGenerationsLeaveOneLiveOwnToken() throws Exception {
      Http me = http.bearer(Fixtures.developer(http));
      String id = Fixtures.createApp(me, null, "Generated").path("id").asText();
      List<Http.Response> answers =
          race(() -> me.postJson("/account/0/apps/" + id + "/tokens/me", "{}"));
      assertThat(count(answers, 200)).as(answers.toString()).isEqualTo(RACERS);
      int live = 0;
      for (Http.Response r : answers) {
        if (http.bearer(r.data().path("access_token").asText()).get("/stream/0/token").status()
            == 200) {
          live++;
        }
      }
      assertThat(live).isEqualTo(1);
      JsonNode mine = me.get("/account/0/apps/" + id + "/tokens/me").data();
      assertThat(mine.isNull()).isFalse();
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
