package io.keyport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.RulesTable.Row;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The one rule set (API.md, Validation rules): the shared table, and what only the rules see. */
class RulesTest {
  static Stream<Row> rows() {
    return RulesTable.ROWS.stream();
  }

  static Optional<Problem> verdict(Row row) {
    return switch (row.input()) {
      case NAME -> Rules.appName(row.value());
      case WEBSITE -> Rules.website(row.value());
      case CALLBACK -> Rules.callbackUrls(List.of(row.value()));
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theTable(Row row) {
    Optional<Problem> problem = verdict(row);
    if (row.valid()) {
      assertThat(problem).isEmpty();
    } else {
      assertThat(problem)
          .hasValueSatisfying(
              p -> {
                assertThat(p.field()).isEqualTo(row.input().wireField);
                assertThat(p.message()).isNotBlank().doesNotContain("\uD800");
                assertThat(p.describe()).startsWith(row.input().wireField + ": ");
              });
    }
  }

  @Test
  void loopbackHostsAreTheSameSetEverywhere() {
    for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "[::1]", "::1")) {
      assertThat(Rules.isLoopback(host)).as(host).isTrue();
    }
    for (String host : List.of("127.0.0.2", "[::2]", "localhost.example", "0.0.0.0", "")) {
      assertThat(Rules.isLoopback(host)).as(host).isFalse();
    }
    assertThat(Rules.isLoopback(null)).isFalse();
  }

  @Test
  void callbackListsNameTheItem() {
    assertThat(Rules.callbackUrls(List.of())).map(Problem::field).contains("callback_urls");
    assertThat(Rules.callbackUrls(null)).map(Problem::field).contains("callback_urls");
    assertThat(Rules.callbackUrls(List.of("https://a.example", "https://a.example")))
        .map(Problem::field)
        .contains("callback_urls[1]");
    assertThat(Rules.callbackUrls(List.of("https://a.example", "http://b.example")))
        .map(Problem::field)
        .contains("callback_urls[1]");
    List<String> sixteen = IntStream.range(0, 16).mapToObj(i -> "https://a.example/" + i).toList();
    assertThat(Rules.callbackUrls(sixteen)).isEmpty();
    List<String> seventeen =
        IntStream.range(0, 17).mapToObj(i -> "https://a.example/" + i).toList();
    assertThat(Rules.callbackUrls(seventeen)).map(Problem::field).contains("callback_urls");
  }

  @Test
  void lookAlikeNamesShareOneKey() {
    assertThat(Rules.nameKey("Caf\u00e9")).isEqualTo(Rules.nameKey("Cafe\u0301"));
    assertThat(Rules.nameKey("ＦＵＬＬ Ｗｉｄｔｈ")).isEqualTo(Rules.nameKey("full width"));
    assertThat(Rules.nameKey("Weather BOT")).isEqualTo(Rules.nameKey("weather bot"));
    assertThat(Rules.nameKey("Straße")).isEqualTo(Rules.nameKey("STRASSE"));
    assertThat(Rules.nameKey("ﬁle")).isEqualTo(Rules.nameKey("FILE"));
    assertThat(Rules.nameKey("Weather Bot")).isNotEqualTo(Rules.nameKey("Weather Bot 2"));
  }

  @Test
  void accountRules() {
    assertThat(Rules.username("alice_2")).isEmpty();
    assertThat(Rules.username("Alice")).map(Problem::field).contains("username");
    assertThat(Rules.username("x".repeat(21))).isPresent();
    assertThat(Rules.username("")).isPresent();
    assertThat(Rules.password("correct horse")).isEmpty();
    assertThat(Rules.password("short"))
        .hasValueSatisfying(
            p -> {
              assertThat(p.field()).isEqualTo("password");
              assertThat(p.message()).doesNotContain("short");
            });
    assertThat(Rules.password("x".repeat(1025))).isPresent();
    assertThat(Rules.password("lone surrogate \uD800")).isPresent();
    assertThat(Rules.displayName("name", null)).isEmpty();
    assertThat(Rules.displayName("name", "  Alice  ")).isEmpty();
    assertThat(Rules.displayName("name", "Al\u0000ice")).map(Problem::field).contains("name");
    assertThat(Rules.displayName("name", "x\uDC00")).isPresent();
    assertThat(Rules.displayName("name", "x".repeat(201))).isPresent();
  }

  @Test
  void serverUrls() {
    assertThat(Rules.serverUrl("https://keyport.example.com")).isEmpty();
    assertThat(Rules.serverUrl("http://127.0.0.1:8470/")).isEmpty();
    assertThat(Rules.serverUrl("keyport.example.com"))
        .map(Problem::message)
        .contains("The URL needs http:// or https:// in front, e.g. https://keyport.example.com");
    assertThat(Rules.serverUrl("")).map(Problem::field).contains("server_url");
    assertThat(Rules.serverUrl("ftp://keyport.example.com")).isPresent();
    assertThat(Rules.serverUrl("https://keyport.example.com/?access_token=x")).isPresent();
    assertThat(Rules.serverUrl("https://keyport.example.com/#x")).isPresent();
    assertThat(Rules.serverUrl("https://me:pw@keyport.example.com"))
        .hasValueSatisfying(p -> assertThat(p.message()).doesNotContain("pw"));
    assertThat(Rules.serverUrl("me:pw@keyport.example.com"))
        .hasValueSatisfying(p -> assertThat(p.message()).doesNotContain("pw"));
  }

  @Test
  void wellFormedText() {
    assertThat(Rules.text("f", "plain \uD83D\uDE80 pair")).isEmpty();
    assertThat(Rules.text("f", "x\uD800")).map(Problem::field).contains("f");
    assertThat(Rules.text("f", "\uDC00x")).isPresent();
    assertThat(Rules.text("f", "\uDE80\uD83D")).isPresent();
    assertThat(Rules.text("f", null)).isEmpty();
  }
}
