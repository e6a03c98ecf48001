package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertInvalid;
import static io.keyport.server.http.Fixtures.assertOAuthError;
import static io.keyport.server.http.Fixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.server.KeyportServer.AuditEntry;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.ManualClock;
import io.keyport.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * API.md "Credential lifecycle": client-secret rotation with an overlap, the list of live secrets,
 * early retirement, app tokens bound to the secret that minted them (issue 12, defect 3), app
 * tokens' 24-hour lifetime, and when tokens and secrets were last used; on H2 and PostgreSQL. The
 * server's clock is a {@link ManualClock}: overlaps end and minutes pass without waiting.
 */
class CredentialLifecycleTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    ServerConfig config;
    Http http;
    // On a minute boundary plus a few seconds, so a test knows which minute a use falls in.
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T10:00:05Z"));

    abstract TestServers backend();

    @BeforeAll
    void start() {
      config = backend().config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000);
      server = KeyportServer.start(config, clock);
      http = Http.to(server.baseUrl());
    }

    @AfterAll
    void stop() {
      server.close();
    }

    record Setup(Http dev, String appId, String clientId, String secret) {
      String app() {
        return "/account/0/apps/" + appId;
      }
    }

    Setup setup() {
      Http dev = http.bearer(Fixtures.developer(http));
      JsonNode app = Fixtures.createApp(dev, null, Fixtures.uniqueName("Lifecycle"));
      return new Setup(
          dev,
          app.path("id").asText(),
          app.path("client_id").asText(),
          app.path("client_secret").asText());
    }

    Http.Response grant(Http on, String clientId, String secret) {
      return on.postForm(
          "/oauth/access_token",
          form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    String appToken(Setup s, String secret) {
      Http.Response r = grant(http, s.clientId(), secret);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.json().path("access_token").asText();
    }

    String rotate(Setup s, String body) {
      Http.Response r = s.dev().postJson(s.app() + "/secret/rotate", body);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.data().path("client_secret").asText();
    }

    JsonNode secrets(Setup s) {
      Http.Response r = s.dev().get(s.app() + "/secrets");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.data();
    }

    int status(String token) {
      return http.bearer(token).get("/stream/0/token").status();
    }

    @Test
    void anAppTokenMintedWithTheOldSecretIsRefusedAfterRotation() {
      Setup s = setup();
      String token = appToken(s, s.secret());
      assertThat(status(token)).isEqualTo(200);

      String fresh = rotate(s, "{}");

      assertError(http.bearer(token).get("/stream/0/token"), 401, "not-authorized");
      assertOAuthError(grant(http, s.clientId(), s.secret()), 401, "invalid_client");
      assertThat(status(appToken(s, fresh))).isEqualTo(200);
    }

    @Test
    void anAppTokenLivesADayAndSaysSo() {
      Setup s = setup();
      JsonNode granted = grant(http, s.clientId(), s.secret()).json();
      String token = granted.path("access_token").asText();
      Instant created = Instant.parse(granted.path("token").path("created_at").asText());
      Instant expires = Instant.parse(granted.path("token").path("expires_at").asText());
      assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofHours(24));
      assertThat(
              Instant.parse(
                  http.bearer(token).get("/stream/0/token").data().path("expires_at").asText()))
          .isEqualTo(expires);

      clock.advance(Duration.ofHours(24).minusSeconds(2));
      assertThat(status(token)).isEqualTo(200);
      clock.advance(Duration.ofSeconds(2));
      assertError(http.bearer(token).get("/stream/0/token"), 401, "token-expired");
    }

    @Test
    void duringAnOverlapBothSecretsWorkAndAreListedThenTheOldOneStops() {
      Setup s = setup();
      String oldToken = appToken(s, s.secret());
      Instant rotatedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      String fresh = rotate(s, "{\"overlap_hours\": 2}");
      assertThat(fresh).startsWith("kps_").isNotEqualTo(s.secret());

      // Both secrets authenticate, and the token of the old one still works.
      assertThat(grant(http, s.clientId(), s.secret()).status()).isEqualTo(200);
      assertThat(grant(http, s.clientId(), fresh).status()).isEqualTo(200);
      String tokenOfOldDuringOverlap = appToken(s, s.secret());
      assertThat(status(oldToken)).isEqualTo(200);
      // Its end is the overlap's end, earlier than its own day.
      assertThat(
              Instant.parse(
                  http.bearer(tokenOfOldDuringOverlap)
                      .get("/stream/0/token")
                      .data()
                      .path("expires_at")
                      .asText()))
          .isEqualTo(rotatedAt.plus(Duration.ofHours(2)));

      Http.Response listed = s.dev().get(s.app() + "/secrets");
      assertThat(listed.body()).doesNotContain(s.secret()).doesNotContain(fresh);
      JsonNode list = listed.data();
      assertThat(list).hasSize(2);
      JsonNode newest = list.get(0);
      JsonNode previous = list.get(1);
      assertThat(newest.path("last4").asText()).isEqualTo(fresh.substring(36));
      assertThat(newest.path("expires_at").isNull()).isTrue();
      assertThat(newest.path("id").asText()).matches("[0-9]+");
      assertThat(Instant.parse(newest.path("created_at").asText())).isEqualTo(rotatedAt);
      assertThat(previous.path("last4").asText()).isEqualTo(s.secret().substring(36));
      assertThat(Instant.parse(previous.path("expires_at").asText()))
          .isEqualTo(rotatedAt.plus(Duration.ofHours(2)));
      assertThat(newest.fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder("id", "last4", "created_at", "last_used_at", "expires_at");
      // Reveal gives the newest.
      assertThat(
              s.dev()
                  .postJson(s.app() + "/secret/reveal", "{}")
                  .data()
                  .path("client_secret")
                  .asText())
          .isEqualTo(fresh);

      clock.advance(Duration.ofHours(2).minusSeconds(1));
      assertThat(grant(http, s.clientId(), s.secret()).status()).isEqualTo(200);
      assertThat(status(oldToken)).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
      assertOAuthError(grant(http, s.clientId(), s.secret()), 401, "invalid_client");
      assertThat(status(oldToken)).isEqualTo(401);
      assertThat(status(tokenOfOldDuringOverlap)).isEqualTo(401);
      assertThat(grant(http, s.clientId(), fresh).status()).isEqualTo(200);
      assertThat(secrets(s)).hasSize(1);
      assertThat(secrets(s).get(0).path("last4").asText()).isEqualTo(fresh.substring(36));
    }

    @Test
    void retiringASecretEarlyStopsItAndItsTokens() {
      Setup s = setup();
      String oldToken = appToken(s, s.secret());
      String fresh = rotate(s, "{\"overlap_hours\": 168}");
      JsonNode list = secrets(s);
      String oldId = list.get(1).path("id").asText();
      String freshId = list.get(0).path("id").asText();
      // The current secret is never retired, even during an overlap: an app always has one.
      assertInvalid(s.dev().delete(s.app() + "/secrets/" + freshId), "secret_id");
      assertThat(secrets(s)).hasSize(2);

      Http.Response retired = s.dev().delete(s.app() + "/secrets/" + oldId);
      assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
      assertThat(retired.data().path("id").asText()).isEqualTo(oldId);
      assertThat(Instant.parse(retired.data().path("expires_at").asText()))
          .isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS));

      assertOAuthError(grant(http, s.clientId(), s.secret()), 401, "invalid_client");
      assertError(http.bearer(oldToken).get("/stream/0/token"), 401, "not-authorized");
      assertThat(grant(http, s.clientId(), fresh).status()).isEqualTo(200);
      assertThat(secrets(s)).extracting(n -> n.path("id").asText()).containsExactly(freshId);
      assertThat(server.auditOf(s.appId()))
          .extracting(AuditEntry::action)
          .containsExactly("secret.rotate", "secret.retire");

      // Retired already, unknown, malformed: 404. The current secret: 400, rotate instead.
      assertError(s.dev().delete(s.app() + "/secrets/" + oldId), 404, "not-found");
      assertError(s.dev().delete(s.app() + "/secrets/99999999"), 404, "not-found");
      assertError(s.dev().delete(s.app() + "/secrets/x1"), 404, "not-found");
      assertInvalid(s.dev().delete(s.app() + "/secrets/" + freshId), "secret_id");
      assertThat(grant(http, s.clientId(), fresh).status()).isEqualTo(200);
    }

    @Test
    void anotherOwnersSecretsAreNotFound() {
      Setup mine = setup();
      Setup theirs = setup();
      String theirSecretId = secrets(theirs).get(0).path("id").asText();
      assertError(mine.dev().get(theirs.app() + "/secrets"), 404, "not-found");
      assertError(mine.dev().delete(theirs.app() + "/secrets/" + theirSecretId), 404, "not-found");
      // Nor through one's own app.
      rotate(mine, "{\"overlap_hours\": 1}");
      assertError(mine.dev().delete(mine.app() + "/secrets/" + theirSecretId), 404, "not-found");
      assertError(
          mine.dev().postJson(theirs.app() + "/secret/rotate", "{\"overlap_hours\": 1}"),
          404,
          "not-found");
      assertThat(secrets(theirs)).hasSize(1);
      assertError(http.get(mine.app() + "/secrets"), 401, "invalid-token");
    }

    @Test
    void overlapHoursIs0To168() {
      Setup s = setup();
      for (String bad : new String[] {"-1", "169", "1.5", "\"2\"", "true", "99999999999"}) {
        assertInvalid(
            s.dev().postJson(s.app() + "/secret/rotate", "{\"overlap_hours\": " + bad + "}"),
            "overlap_hours");
      }
      assertThat(grant(http, s.clientId(), s.secret()).status()).isEqualTo(200);
      String fresh = rotate(s, "{\"overlap_hours\": 168}");
      assertThat(Instant.parse(secrets(s).get(1).path("expires_at").asText()))
          .isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(168)));
      // overlap 0, said out loud: the old one stops at once.
      String third = rotate(s, "{\"overlap_hours\": 0}");
      assertOAuthError(grant(http, s.clientId(), fresh), 401, "invalid_client");
      assertThat(grant(http, s.clientId(), third).status()).isEqualTo(200);
      assertThat(secrets(s)).hasSize(1);
    }

    @Test
    void aRotationDuringAnOverlapEndsTheOldestSoAtMostTwoAreLive() {
      Setup s = setup();
      String second = rotate(s, "{\"overlap_hours\": 24}");
      String third = rotate(s, "{\"overlap_hours\": 24}");
      assertOAuthError(grant(http, s.clientId(), s.secret()), 401, "invalid_client");
      assertThat(grant(http, s.clientId(), second).status()).isEqualTo(200);
      assertThat(grant(http, s.clientId(), third).status()).isEqualTo(200);
      assertThat(secrets(s)).hasSize(2);
    }

    @Test
    void concurrentRotationsKeepAtMostTwoLive() throws Exception {
      for (int run = 0; run < 3; run++) {
        Setup s = setup();
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<String> issued = new ArrayList<>();
        try {
          CountDownLatch go = new CountDownLatch(1);
          List<Future<String>> rotations = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            rotations.add(
                pool.submit(
                    () -> {
                      go.await();
                      return rotate(s, "{\"overlap_hours\": 24}");
                    }));
          }
          go.countDown();
          for (Future<String> f : rotations) {
            issued.add(f.get());
          }
        } finally {
          pool.shutdownNow();
        }
        issued.add(s.secret());
        JsonNode live = secrets(s);
        assertThat(live).hasSize(2);
        long working =
            issued.stream()
                .filter(secret -> grant(http, s.clientId(), secret).status() == 200)
                .count();
        assertThat(working).isEqualTo(2);
        String revealed =
            s.dev()
                .postJson(s.app() + "/secret/reveal", "{}")
                .data()
                .path("client_secret")
                .asText();
        assertThat(revealed.substring(36)).isEqualTo(live.get(0).path("last4").asText());
      }
    }

    @Test
    void lastUsedIsRecordedToTheMinuteAtMostOnceAMinute() {
      Setup s = setup();
      server.flushLastUsed();
      String token =
          Fixtures.ownToken(s.dev(), null, s.appId(), "{\"scopes\": [\"stream\"]}")
              .path("access_token")
              .asText();
      String own = s.app() + "/tokens/me";
      assertThat(s.dev().get(own).data().path("last_used_at").isNull()).isTrue();
      assertThat(secrets(s).get(0).path("last_used_at").isNull()).isTrue();

      Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
      assertThat(status(token)).isEqualTo(200);
      appToken(s, s.secret());
      // The token's own answer knows at once; the list knows once written.
      assertThat(
              Instant.parse(
                  http.bearer(token).get("/stream/0/token").data().path("last_used_at").asText()))
          .isEqualTo(minute);
      server.flushLastUsed();
      assertThat(Instant.parse(s.dev().get(own).data().path("last_used_at").asText()))
          .isEqualTo(minute);
      assertThat(Instant.parse(secrets(s).get(0).path("last_used_at").asText())).isEqualTo(minute);

      // More uses in the same minute are not written again.
      long written = server.flushLastUsed();
      clock.advance(Duration.ofSeconds(40));
      for (int i = 0; i < 20; i++) {
        assertThat(status(token)).isEqualTo(200);
        appToken(s, s.secret());
      }
      assertThat(server.flushLastUsed()).isEqualTo(written);

      // A use in the next minute is.
      clock.advance(Duration.ofSeconds(30));
      Instant next = clock.instant().truncatedTo(ChronoUnit.MINUTES);
      assertThat(next).isEqualTo(minute.plus(Duration.ofMinutes(1)));
      assertThat(status(token)).isEqualTo(200);
      appToken(s, s.secret());
      assertThat(server.flushLastUsed()).isEqualTo(written + 2);
      assertThat(Instant.parse(s.dev().get(own).data().path("last_used_at").asText()))
          .isEqualTo(next);
      assertThat(Instant.parse(secrets(s).get(0).path("last_used_at").asText())).isEqualTo(next);
    }

    @Test
    void theBackgroundWriterWritesWithoutBeingAsked() {
      Setup s = setup();
      String token =
          Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("access_token").asText();
      assertThat(status(token)).isEqualTo(200);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      boolean written = false;
      while (!written && Instant.now().isBefore(deadline)) {
        written = !s.dev().get(s.app() + "/tokens/me").data().path("last_used_at").isNull();
        Thread.onSpinWait();
      }
      assertThat(written).as("last_used_at written within the writer's period").isTrue();
    }

    @Test
    void lastUsedNotedBeforeCloseIsWrittenAtClose() {
      // A second server on its own database: closing it must write what it noted.
      ManualClock own = new ManualClock(clock.instant());
      ServerConfig other =
          backend().config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000);
      String token;
      String appId;
      String developer;
      Instant minute = own.instant().truncatedTo(ChronoUnit.MINUTES);
      try (KeyportServer second = KeyportServer.start(other, own)) {
        Http h = Http.to(second.baseUrl());
        developer = Fixtures.developer(h);
        appId = Fixtures.createApp(h, developer, "Closing").path("id").asText();
        token = Fixtures.ownToken(h, developer, appId, "{}").path("access_token").asText();
        assertThat(h.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
      }
      try (KeyportServer again = KeyportServer.start(other.withPort(0), own)) {
        Http h = Http.to(again.baseUrl()).bearer(developer);
        assertThat(
                Instant.parse(
                    h.get("/account/0/apps/" + appId + "/tokens/me")
                        .data()
                        .path("last_used_at")
                        .asText()))
            .isEqualTo(minute);
      }
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

    /**
     * Two servers on one database: a use both saw in the same minute is written once (the second
     * write changes no row), and an older minute never replaces a newer one.
     */
    @Test
    void twoServersWriteAUseOnceAndNeverBackwards() {
      ManualClock behind = new ManualClock(clock.instant());
      try (KeyportServer other = KeyportServer.start(config.withPort(0), behind)) {
        Setup s = setup();
        String token =
            Fixtures.ownToken(s.dev(), null, s.appId(), "{}").path("access_token").asText();
        server.flushLastUsed();
        other.flushLastUsed();
        Http there = Http.to(other.baseUrl());
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        long before = server.flushLastUsed() + other.flushLastUsed();

        assertThat(status(token)).isEqualTo(200);
        assertThat(there.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
        assertThat(server.flushLastUsed() + other.flushLastUsed()).isEqualTo(before + 1);

        clock.advance(Duration.ofMinutes(3));
        assertThat(status(token)).isEqualTo(200);
        long afterNewer = server.flushLastUsed();
        // The server whose clock is behind writes an older minute after it: that changes nothing.
        behind.advance(Duration.ofMinutes(1));
        assertThat(there.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
        assertThat(afterNewer + other.flushLastUsed()).isEqualTo(before + 2);
        assertThat(
                Instant.parse(
                    s.dev().get(s.app() + "/tokens/me").data().path("last_used_at").asText()))
            .isEqualTo(minute.plus(Duration.ofMinutes(3)));
      }
    }
  }
}
