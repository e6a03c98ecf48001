package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Deleting an app while its tokens are being minted (client credentials and "generate a user token
 * for yourself" at once): no token minted around the delete may work afterwards. Many runs, on H2
 * and PostgreSQL.
 */
class AppDeletionRaceTest {
  static final int RUNS = 12;
  static final int GRANTERS = 4;
  static final int GENERATORS = 2;

  abstract static class Contract extends OpenServerContract {
    final ExecutorService pool = Executors.newFixedThreadPool(GRANTERS + GENERATORS);

    @AfterAll
    void stopMinters() {
      pool.shutdownNow();
    }

    @Test
    void noTokenMintedWhileItsAppIsDeletedSurvives() throws Exception {
      Http me = http.bearer(Fixtures.developer(http));
      int minted = 0;
      List<String> survivors = new ArrayList<>();
      for (int run = 0; run < RUNS; run++) {
        JsonNode app = Fixtures.createApp(me, null, Fixtures.uniqueName("Raced"));
        String id = app.path("id").asText();
        String form =
            Fixtures.form(
                "grant_type",
                "client_credentials",
                "client_id",
                app.path("client_id").asText(),
                "client_secret",
                app.path("client_secret").asText());
        CountDownLatch warm = new CountDownLatch(GRANTERS + GENERATORS);
        List<Future<List<String>>> minters = new ArrayList<>();
        for (int i = 0; i < GRANTERS + GENERATORS; i++) {
          boolean grant = i < GRANTERS;
          minters.add(
              pool.submit(
                  () -> {
                    List<String> tokens = new ArrayList<>();
                    // Until the app is gone: then the grant is refused (401) and generation is 404.
                    while (true) {
                      Http.Response r =
                          grant
                              ? http.postForm("/oauth/access_token", form)
                              : me.postJson("/account/0/apps/" + id + "/tokens/me", "{}");
                      warm.countDown();
                      if (r.status() != 200) {
                        assertThat(r.status()).as(r.toString()).isIn(401, 404);
                        return tokens;
                      }
                      tokens.add(
                          grant
                              ? r.json().path("access_token").asText()
                              : r.data().path("access_token").asText());
                    }
                  }));
        }
        warm.await();
        Http.Response deleted = me.delete("/account/0/apps/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        for (Future<List<String>> f : minters) {
          for (String token : f.get()) {
            minted++;
            Http.Response used = http.bearer(token).get("/stream/0/token");
            if (used.status() == 200) {
              survivors.add("run " + run + ": " + used.body());
            }
          }
        }
      }
      assertThat(minted).isGreaterThan(RUNS * (GRANTERS + GENERATORS));
      assertThat(survivors).as("tokens still working after their app was deleted").isEmpty();
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
