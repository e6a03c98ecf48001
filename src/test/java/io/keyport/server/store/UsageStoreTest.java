package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.testing.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writing when credentials were last used: a time only moves forward, and the writes are not
 * announced as writes (the token cache keeps what it knows: nothing security-relevant changed).
 */
class UsageStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void lastUsedOnlyMovesForwardAndIsNotAnnounced(TestServers db) {
    AtomicInteger announced = new AtomicInteger();
    try (Database database = Database.open(db.config())) {
      Jdbc jdbc = database.jdbc(scope -> announced.incrementAndGet());
      long token =
          new TokenStore(jdbc)
              .insert(
                  "h-usage",
                  "user",
                  null,
                  null,
                  "keyport-desktop",
                  List.of("basic"),
                  "abcd",
                  T0,
                  null,
                  null)
              .orElseThrow();
      UsageStore usage = new UsageStore(jdbc);
      int before = announced.get();

      assertThat(usage.tokensUsed(Map.of(token, T0.plusSeconds(60)))).isEqualTo(1);
      assertThat(usage.tokensUsed(Map.of(token, T0.plusSeconds(60)))).isZero();
      assertThat(usage.tokensUsed(Map.of(token, T0))).isZero();
      assertThat(new TokenStore(jdbc).byId(token).orElseThrow().lastUsedAt())
          .isEqualTo(T0.plusSeconds(60));
      assertThat(usage.tokensUsed(Map.of(token, T0.plusSeconds(120), 987654L, T0))).isEqualTo(1);
      assertThat(new TokenStore(jdbc).byId(token).orElseThrow().lastUsedAt())
          .isEqualTo(T0.plusSeconds(120));
      assertThat(usage.secretsUsed(Map.of(987654L, T0))).isZero();

      assertThat(announced.get()).as("writes announced to the token cache").isEqualTo(before);
    }
  }
}
