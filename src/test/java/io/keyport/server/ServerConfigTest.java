package io.keyport.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each with… copy changes its own components and keeps every other one. */
class ServerConfigTest {
  private final ServerConfig base =
      new ServerConfig(
          "0.0.0.0",
          9000,
          Path.of("/data"),
          "jdbc:postgresql://db/keyport",
          "keyport",
          Secret.of("pw"),
          true,
          "https://keyport.example",
          1,
          2,
          3,
          false,
          Duration.ofSeconds(7),
          List.of("10.0.0.0/8"),
          true);

  /** A copy holds the new value, and changing it back gives the original: nothing else moved. */
  @Test
  void eachCopyChangesOnlyItsOwnComponents() {
    assertThat(base.withPort(1234).port()).isEqualTo(1234);
    assertThat(base.withPort(1234).withPort(9000)).isEqualTo(base);

    assertThat(base.withSignup(false).signup()).isFalse();
    assertThat(base.withSignup(false).withSignup(true)).isEqualTo(base);

    assertThat(base.withReplaceMasterKey(false).replaceMasterKey()).isFalse();
    assertThat(base.withReplaceMasterKey(false).withReplaceMasterKey(true)).isEqualTo(base);

    Duration second = Duration.ofSeconds(1);
    assertThat(base.withDbTimeout(second).dbTimeout()).isEqualTo(second);
    assertThat(base.withDbTimeout(second).withDbTimeout(base.dbTimeout())).isEqualTo(base);

    ServerConfig h2 = base.withDatabase(null, null, null);
    assertThat(h2.dbUrl()).isNull();
    assertThat(h2.dbUser()).isNull();
    assertThat(h2.dbPassword()).isNull();
    assertThat(h2.withDatabase(base.dbUrl(), base.dbUser(), base.dbPassword())).isEqualTo(base);

    ServerConfig limits = base.withLimits(10, 20, 30);
    assertThat(List.of(limits.readLimit(), limits.writeLimit(), limits.anonLimit()))
        .containsExactly(10L, 20L, 30L);
    assertThat(limits.withLimits(1, 2, 3)).isEqualTo(base);

    ServerConfig lan = base.withTrustedProxies(List.of("192.168.0.0/16"));
    assertThat(lan.trustedProxies()).containsExactly("192.168.0.0/16");
    assertThat(lan.withTrustedProxies(base.trustedProxies())).isEqualTo(base);
  }

  @Test
  void aCopyStillTakesTheDefaultsForWhatIsLeftOut() {
    assertThat(base.withDbTimeout(null).dbTimeout()).isEqualTo(ServerConfig.DEFAULT_DB_TIMEOUT);
    assertThat(base.withTrustedProxies(null).trustedProxies()).isEmpty();
  }
}
