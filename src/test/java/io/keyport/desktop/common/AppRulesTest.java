package io.keyport.desktop.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The desktop's copy of the server's rules (API.md "Validation rules"): what it lets through and what not. */
class AppRulesTest {
  @Test
  void names() {
    assertThat(AppRules.name("  Weather Bot ")).isEmpty();
    assertThat(AppRules.name("x".repeat(64))).isEmpty();
    assertThat(AppRules.name("x".repeat(65))).isPresent();
    assertThat(AppRules.name("   ")).isPresent();
    assertThat(AppRules.name("a\tb")).isPresent();
    assertThat(AppRules.name("a\u2028b")).isPresent();
    assertThat(AppRules.name("😀".repeat(64))).as("code points, not chars").isEmpty();
  }

  @Test
  void websites() {
    assertThat(AppRules.website("https://example.com")).isEmpty();
    assertThat(AppRules.website("http://example.com/about")).isEmpty();
    assertThat(AppRules.website("")).isPresent();
    assertThat(AppRules.website("example.com")).isPresent();
    assertThat(AppRules.website("ftp://example.com")).isPresent();
    assertThat(AppRules.website("https://exa mple.com")).isPresent();
    assertThat(AppRules.website("https://example.com/" + "a".repeat(2048))).isPresent();
  }

  @Test
  void callbacks() {
    assertThat(AppRules.callback("http://localhost:8000")).isEmpty();
    assertThat(AppRules.callback("http://127.0.0.1/cb")).isEmpty();
    assertThat(AppRules.callback("http://[::1]:9000/cb")).isEmpty();
    assertThat(AppRules.callback("https://example.com/cb")).isEmpty();
    assertThat(AppRules.callback("http://example.com/cb")).hasValueSatisfying(m -> assertThat(m).contains("https"));
    assertThat(AppRules.callback("https://example.com/cb#top")).hasValueSatisfying(m -> assertThat(m).contains("fragment"));
    assertThat(AppRules.callback("https://example.com/cb#")).isPresent();
    assertThat(AppRules.callbacks(List.of())).isPresent();
    assertThat(AppRules.callbacks(List.of("https://a.example.com", "https://a.example.com"))).isPresent();
    assertThat(AppRules.callbacks(java.util.stream.IntStream.range(0, 17)
        .mapToObj(i -> "https://example.com/" + i).toList())).isPresent();
    assertThat(AppRules.callbacks(java.util.stream.IntStream.range(0, 16)
        .mapToObj(i -> "https://example.com/" + i).toList())).isEmpty();
  }
}
