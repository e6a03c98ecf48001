package io.keyport.desktop.detail;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.ClientSecretInfo;
import io.keyport.desktop.fx.Dates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSecretsTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void theOverlapsAreTheFourTheUxNamesInHours() {
    assertThat(LiveSecrets.Overlap.values())
        .extracting(LiveSecrets.Overlap::hours)
        .containsExactly(0, 1, 24, 168);
    assertThat(LiveSecrets.Overlap.values())
        .extracting(Object::toString)
        .containsExactly("At once", "1 hour", "24 hours", "7 days");
  }

  @Test
  void theCurrentSecretComesFirstAndOnlyTheOldOneCanBeRetired() {
    ClientSecretInfo old =
        new ClientSecretInfo("s1", "abcd", T0, T0.plusSeconds(60), T0.plusSeconds(3600));
    ClientSecretInfo current = new ClientSecretInfo("s2", "wxyz", T0.plusSeconds(10), null, null);

    List<LiveSecrets.Row> rows = LiveSecrets.rows(List.of(old, current));

    assertThat(rows).extracting(LiveSecrets.Row::id).containsExactly("s2", "s1");
    LiveSecrets.Row first = rows.get(0);
    assertThat(first.ending()).isEqualTo("…wxyz");
    assertThat(first.details()).endsWith("last used never");
    assertThat(first.state()).isEqualTo("current");
    assertThat(first.retirable()).isFalse();
    LiveSecrets.Row second = rows.get(1);
    assertThat(second.details())
        .isEqualTo(
            "created " + Dates.format(T0) + " · last used " + Dates.format(T0.plusSeconds(60)));
    assertThat(second.state()).isEqualTo("stops working at " + Dates.format(T0.plusSeconds(3600)));
    assertThat(second.retirable()).isTrue();
  }

  @Test
  void theBannerSaysUntilWhenTheOldSecretWorks() {
    assertThat(LiveSecrets.rotated(LiveSecrets.Overlap.AT_ONCE, T0))
        .contains("the old one no longer works");
    assertThat(LiveSecrets.rotated(LiveSecrets.Overlap.ONE_WEEK, T0))
        .contains("keeps working until " + Dates.format(T0.plusSeconds(168 * 3600)));
  }
}
