package io.keyport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenFormatTest {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private static long decode(String base62) {
    long value = 0;
    for (char ch : base62.toCharArray()) {
      value = value * 62 + BASE62.indexOf(ch);
    }
    return value;
  }

  @Test
  void aTokenStartsWithTheMillisecondItWasMadeAndTheRestIsRandom() {
    for (TokenFormat.Kind kind : List.of(TokenFormat.Kind.USER, TokenFormat.Kind.APP)) {
      long before = System.currentTimeMillis();
      String token = TokenFormat.generate(kind).reveal();
      long after = System.currentTimeMillis();
      assertThat(TokenFormat.isWellFormed(token, kind)).isTrue();
      assertThat(TokenFormat.kindOf(token)).isEqualTo(kind);
      int start = kind.prefix().length() + 1;
      assertThat(decode(token.substring(start, start + TokenFormat.TIME_LENGTH)))
          .isBetween(before, after);
      // Two tokens of the same millisecond share only that.
      String other = TokenFormat.generate(kind).reveal();
      assertThat(other.substring(start + TokenFormat.TIME_LENGTH, start + 30))
          .isNotEqualTo(token.substring(start + TokenFormat.TIME_LENGTH, start + 30));
    }
  }

  @Test
  void tokensMadeOneAfterAnotherSortInThatOrder() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      made.add(TokenFormat.generate(TokenFormat.Kind.USER).reveal().substring(4, 11));
    }
    assertThat(made).isSorted();
  }

  @Test
  void aCodeStartsWithTheMillisecondItWasMadeAndTheRestIsRandom() {
    long before = System.currentTimeMillis();
    String code = TokenFormat.newCode().reveal();
    long after = System.currentTimeMillis();
    assertThat(code).hasSize(TokenFormat.CODE_LENGTH).matches("[0-9A-Za-z]+");
    assertThat(decode(code.substring(0, TokenFormat.TIME_LENGTH))).isBetween(before, after);
    String other = TokenFormat.newCode().reveal();
    assertThat(other.substring(TokenFormat.TIME_LENGTH))
        .isNotEqualTo(code.substring(TokenFormat.TIME_LENGTH));
  }

  @Test
  void aClientSecretIsRandomThroughout() {
    String secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET).reveal();
    assertThat(TokenFormat.isWellFormed(secret, TokenFormat.Kind.CLIENT_SECRET)).isTrue();
    // Its first seven characters are not now's millisecond (odds of a match: 62^-7).
    long head = decode(secret.substring(4, 4 + TokenFormat.TIME_LENGTH));
    long now = System.currentTimeMillis();
    assertThat(head < now - 60_000 || head > now).as("a time of issue in a secret").isTrue();
  }

  @Test
  void randomBase62UsesEveryDigitAboutEquallyOften() {
    int[] seen = new int[62];
    int n = 0;
    for (int i = 0; i < 2_000; i++) {
      for (char ch : TokenFormat.randomBase62(31).toCharArray()) {
        seen[BASE62.indexOf(ch)]++;
        n++;
      }
    }
    // 1,000 expected of each; a digit favoured or skipped (b % 62 over all 256 bytes favours
    // the first 8 by a quarter: ~1,210 each) lands far outside these bounds.
    for (int digit = 0; digit < 62; digit++) {
      assertThat(seen[digit]).as("digit %s", BASE62.charAt(digit)).isBetween(840, 1160);
    }
    assertThat(n).isEqualTo(62_000);
  }

  @Test
  void base62IsFixedWidthMostSignificantFirst() {
    assertThat(TokenFormat.base62(0, 7)).isEqualTo("0000000");
    assertThat(TokenFormat.base62(61, 3)).isEqualTo("00z");
    assertThat(TokenFormat.base62(62, 3)).isEqualTo("010");
    assertThat(decode(TokenFormat.base62(1_795_000_000_000L, 7))).isEqualTo(1_795_000_000_000L);
  }
}
