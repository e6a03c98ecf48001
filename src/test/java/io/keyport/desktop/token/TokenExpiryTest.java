package io.keyport.desktop.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.fx.Styles;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which kept tokens are marked and named at launch, what they read, and how long a renewal is. */
class TokenExpiryTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static VaultEntry entry(String app, Instant created, Instant expires) {
    return new VaultEntry(
        new VaultKey("embedded server", "alice", "client-" + app),
        app,
        List.of("basic", "stream"),
        created,
        "abcd",
        expires);
  }

  @Test
  void onlyTokensExpiringWithinAWeekOrExpiredAreMarked() {
    VaultEntry never = entry("Never", NOW.minus(Duration.ofDays(3)), null);
    VaultEntry later = entry("Later", NOW, NOW.plus(Duration.ofDays(30)));
    VaultEntry week = entry("Week", NOW, NOW.plus(Duration.ofDays(7)));
    VaultEntry soon = entry("Soon", NOW.minus(Duration.ofDays(27)), NOW.plus(Duration.ofHours(50)));
    VaultEntry gone = entry("Gone", NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1)));
    VaultEntry session =
        new VaultEntry(VaultKey.session("https://team", "alice"), "s", List.of(), NOW, null, NOW);

    List<TokenExpiry> marked =
        TokenExpiry.soon(List.of(never, later, week, soon, gone, session), NOW);

    assertThat(marked).extracting(t -> t.entry().appName()).containsExactly("Week", "Soon", "Gone");
    assertThat(marked)
        .extracting(TokenExpiry::badge)
        .containsExactly("Expires in 7 days", "Expires in 3 days", "Expired");
    assertThat(marked)
        .extracting(TokenExpiry::styleClass)
        .containsExactly(Styles.TOKEN_EXPIRING, Styles.TOKEN_EXPIRING, Styles.TOKEN_EXPIRED);
    assertThat(TokenExpiry.of(entry("Edge", NOW, NOW), NOW).orElseThrow().expired()).isTrue();
    assertThat(TokenExpiry.of(entry("Hour", NOW, NOW.plusSeconds(3600)), NOW).orElseThrow().badge())
        .isEqualTo("Expires in 1 day");
  }

  @Test
  void theNoticeNamesEachAppWithItsDaysLeft() {
    List<TokenExpiry> marked =
        TokenExpiry.soon(
            List.of(
                entry("Weather bot", NOW, NOW.plus(Duration.ofDays(3))),
                entry("Deploy", NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(2)))),
            NOW);

    assertThat(TokenExpiry.noticeTitle(marked)).isEqualTo("Tokens expire soon");
    assertThat(TokenExpiry.notice(marked))
        .isEqualTo(
            "Weather bot: 3 days left\nDeploy: expired\nRenew gives each a new token with the"
                + " same scopes,\nkept in the keychain.");
    assertThat(TokenExpiry.noticeTitle(marked.subList(0, 1))).isEqualTo("A token expires soon");
  }

  @Test
  void aRenewedTokenLivesAsLongAsTheOldOneWasMadeFor() {
    Instant created = NOW.minus(Duration.ofDays(25)).plusSeconds(2);
    assertThat(
            TokenExpiry.of(entry("A", created, created.plus(Duration.ofDays(30))), NOW)
                .orElseThrow()
                .renewalDays())
        .isEqualTo(30);
    assertThat(
            TokenExpiry.of(entry("B", NOW, NOW.plus(Duration.ofDays(7)).minusSeconds(1)), NOW)
                .orElseThrow()
                .renewalDays())
        .isEqualTo(7);
    assertThat(
            TokenExpiry.of(entry("C", NOW, NOW.plusSeconds(60)), NOW).orElseThrow().renewalDays())
        .isEqualTo(1);
  }
}
