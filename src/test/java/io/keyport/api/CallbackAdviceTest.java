package io.keyport.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.CallbackAdvice.Hint;
import io.keyport.api.CallbackAdvice.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The callback URL checker (UX.md 11): every refusal says why and what to write instead; hints are
 * for URLs the rules accept.
 */
class CallbackAdviceTest {
  /** A refused URL, a word of the reason, and the fix the message offers. */
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "http://example.com/cb", "only for loopback hosts", "use https://example.com/cb"),
        Arguments.of(
            "HTTP://Example.com:8080/cb?x=1",
            "only for loopback hosts",
            "use https://Example.com:8080/cb?x=1"),
        Arguments.of("https://example.com/cb#top", "#fragment", "use https://example.com/cb"),
        Arguments.of("http://127.0.0.1:8000/#", "#fragment", "use http://127.0.0.1:8000/"),
        Arguments.of("example.com/cb", "starts with https://", "use https://example.com/cb"),
        Arguments.of("localhost:8000/cb", "starts with https://", "use http://localhost:8000/cb"),
        Arguments.of("127.0.0.1:9000", "starts with https://", "use http://127.0.0.1:9000"),
        Arguments.of("myapp://cb", "not custom schemes", "http://127.0.0.1:PORT/callback"),
        Arguments.of("com.example.app:/oauth", "not custom schemes", "https://your.domain/"),
        Arguments.of("", "Enter a callback URL", "e.g. http://127.0.0.1:8000/callback"));
  }

  @ParameterizedTest(name = "\"{0}\": {1}")
  @MethodSource("refusals")
  void aRefusalSaysWhyAndTheFix(String url, String reason, String fix) {
    assertThat(Rules.callbackUrl("callback_urls[0]", url))
        .hasValueSatisfying(
            p -> {
              assertThat(p.field()).isEqualTo("callback_urls[0]");
              assertThat(p.message()).contains(reason).contains(fix);
            });
    assertThat(CallbackAdvice.hints(url, List.of())).as("no hints on a refused URL").isEmpty();
    assertThat(CallbackAdvice.key(url)).isNull();
  }

  @Test
  void aRefusalNeverEchoesAUserPart() {
    for (String url :
        List.of("me:pw@example.com/cb", "https://me:pw@example.com/cb", "http://me:pw@h/#x")) {
      assertThat(Rules.callbackUrl("f", url))
          .hasValueSatisfying(p -> assertThat(p.message()).doesNotContain("pw"));
    }
  }

  /** A URL, the app's other URLs, and the hints expected (kind: a word of the message). */
  static Stream<Arguments> hints() {
    return Stream.of(
        Arguments.of("https://example.com/cb", List.of(), List.of()),
        Arguments.of("http://127.0.0.1:8000", List.of(), List.of()),
        Arguments.of("http://[::1]:8000/cb", List.of(), List.of()),
        Arguments.of(
            "http://localhost:8000",
            List.of(),
            List.of("LOCALHOST: RFC 8252 §8.3", "LOCALHOST: consider http://127.0.0.1:8000")),
        Arguments.of(
            "HTTP://LocalHost:8000/cb?x=1",
            List.of(),
            List.of("LOCALHOST: consider HTTP://127.0.0.1:8000/cb?x=1")),
        Arguments.of(
            "https://example.com/cb/",
            List.of("https://example.com/cb"),
            List.of(
                "NEAR_DUPLICATE: Nearly the same as https://example.com/cb",
                "NEAR_DUPLICATE: differs only in trailing slash")),
        Arguments.of(
            "https://EXAMPLE.com/cb",
            List.of("https://example.com/cb"),
            List.of("NEAR_DUPLICATE: differs only in letter case")),
        Arguments.of(
            "https://example.com:443/cb",
            List.of("https://example.com/cb"),
            List.of("NEAR_DUPLICATE: differs only in default port")),
        Arguments.of(
            "http://127.0.0.1:80/",
            List.of("HTTP://127.0.0.1"),
            List.of("NEAR_DUPLICATE: letter case and default port and trailing slash")),
        Arguments.of(
            "http://localhost:8000/",
            List.of("http://localhost:8000"),
            List.of("LOCALHOST: 127.0.0.1:8000/", "NEAR_DUPLICATE: trailing slash")),
        // not near: another path, port, query or scheme; the same URL is the rules' duplicate
        Arguments.of("https://example.com/cb2", List.of("https://example.com/cb"), List.of()),
        Arguments.of("https://example.com:8443/cb", List.of("https://example.com/cb"), List.of()),
        Arguments.of("https://example.com/cb?a=1", List.of("https://example.com/cb"), List.of()),
        Arguments.of("http://127.0.0.1/cb", List.of("https://127.0.0.1/cb"), List.of()),
        Arguments.of("https://example.com/cb", List.of("https://example.com/cb"), List.of()),
        Arguments.of("https://example.com/CB", List.of("https://example.com/cb"), List.of()),
        Arguments.of(
            "https://example.com/cb", List.of("not a url", "http://x.example"), List.of()));
  }

  @ParameterizedTest(name = "{0} among {1}")
  @MethodSource("hints")
  void hintsOnAnAcceptedUrl(String url, List<String> others, List<String> expected) {
    assertThat(Rules.callbackUrl("f", url)).as("the rules accept it").isEmpty();
    List<Hint> hints = CallbackAdvice.hints(url, others);
    for (String want : expected) {
      Kind kind = Kind.valueOf(want.substring(0, want.indexOf(':')));
      String words = want.substring(want.indexOf(':') + 2);
      assertThat(hints)
          .as(want)
          .anySatisfy(
              h -> {
                assertThat(h.kind()).isEqualTo(kind);
                assertThat(h.message()).contains(words);
              });
    }
    assertThat(hints.stream().map(Hint::kind).distinct())
        .containsExactlyInAnyOrderElementsOf(
            expected.stream()
                .map(w -> Kind.valueOf(w.substring(0, w.indexOf(':'))))
                .distinct()
                .toList());
  }

  @Test
  void aListSaysEachNearDuplicatePairOnceAndLeavesLocalhostToTheTypedUrl() {
    List<Hint> hints =
        CallbackAdvice.hints(
            List.of(
                "http://localhost:8000",
                "https://app.example.com/cb",
                "http://localhost:8000/",
                "https://APP.example.com/cb"));
    assertThat(hints)
        .extracting(Hint::message)
        .containsExactly(
            "Nearly the same as http://localhost:8000 (differs only in trailing slash):"
                + " redirects must match one exactly, so keep only the one your app sends.",
            "Nearly the same as https://app.example.com/cb (differs only in letter case):"
                + " redirects must match one exactly, so keep only the one your app sends.");
    assertThat(CallbackAdvice.hints(List.of("http://127.0.0.1:8000", "https://a.example")))
        .isEmpty();
    assertThat(CallbackAdvice.hints(List.of())).isEmpty();
  }

  @Test
  void nearDuplicatesAreWhatTheKeyMakesEqual() {
    assertThat(CallbackAdvice.key("HTTPS://Example.COM:443/a/b/?q=1"))
        .isEqualTo("https://example.com/a/b?q=1");
    assertThat(CallbackAdvice.key("http://127.0.0.1:80")).isEqualTo("http://127.0.0.1");
    assertThat(CallbackAdvice.key("http://127.0.0.1:8000/")).isEqualTo("http://127.0.0.1:8000");
    assertThat(CallbackAdvice.isNearDuplicate("https://a.example/", "https://A.example")).isTrue();
    assertThat(CallbackAdvice.isNearDuplicate("https://a.example/x", "https://a.example/X"))
        .isFalse();
    assertThat(CallbackAdvice.isNearDuplicate("http://a.example", "http://a.example")).isFalse();
  }
}
