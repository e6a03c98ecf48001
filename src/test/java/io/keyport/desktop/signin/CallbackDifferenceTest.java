package io.keyport.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackDifferenceTest {
  @Test
  void findsTheNearestRegisteredUrlAndTheDifferingMiddle() {
    CallbackDifference d =
        CallbackDifference.nearest(
                "https://app.example.com/callback/",
                List.of("http://localhost:8000/cb", "https://app.example.com/callback"))
            .orElseThrow();
    assertThat(d.registered()).isEqualTo("https://app.example.com/callback");
    assertThat(d.attemptedParts()).containsExactly("https://app.example.com/callback", "/", "");
    assertThat(d.registeredParts()).containsExactly("https://app.example.com/callback", "", "");
    assertThat(d.marked(true)).isEqualTo("https://app.example.com/callback[/]");
    assertThat(d.explain()).contains("\"/\"").contains("registered one does not");
  }

  @Test
  void hostsThatDifferAreMarked() {
    CallbackDifference d =
        CallbackDifference.between("http://localhost:8000/cb", "http://127.0.0.1:8000/cb");
    assertThat(d.marked(true)).isEqualTo("http://[localhost]:8000/cb");
    assertThat(d.marked(false)).isEqualTo("http://[127.0.0.1]:8000/cb");
    assertThat(d.explain())
        .isEqualTo("The URL tried has \"localhost\" where the registered one has \"127.0.0.1\".");
  }

  @Test
  void theLoopbackPortDoesNotCount() {
    CallbackDifference d =
        CallbackDifference.between("http://127.0.0.1:53124/callbak", "http://127.0.0.1/callback");
    assertThat(d.attempted()).isEqualTo("http://127.0.0.1/callbak");
    assertThat(d.registeredParts()).containsExactly("http://127.0.0.1/callba", "c", "k");
    assertThat(
            CallbackDifference.between("http://127.0.0.1:1/cb", "http://127.0.0.1:8000/cb").same())
        .isTrue();
    // Not loopback: the port is part of the difference.
    assertThat(
            CallbackDifference.between("https://a.example:8443/cb", "https://a.example/cb")
                .marked(true))
        .isEqualTo("https://a.example[:8443]/cb");
  }

  @Test
  void nothingRegisteredIsNoDifference() {
    assertThat(CallbackDifference.nearest("http://127.0.0.1/cb", List.of())).isEmpty();
  }
}
