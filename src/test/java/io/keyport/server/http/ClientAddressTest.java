package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request counts as from: the peer's unless the peer is a trusted proxy. */
class ClientAddressTest {
  private final ClientAddress trusting =
      new ClientAddress(List.of("10.0.0.0/8", "127.0.0.1", "::1"));
  private final ClientAddress none = new ClientAddress(List.of());

  @Test
  void headersFromAnUntrustedPeerAreIgnored() {
    assertThat(none.resolve("127.0.0.1", List.of("203.0.113.7"), List.of("for=198.51.100.1")))
        .isEqualTo("127.0.0.1");
    assertThat(trusting.resolve("192.0.2.1", List.of("203.0.113.7"), List.of()))
        .isEqualTo("192.0.2.1");
  }

  @Test
  void fromATrustedPeerTheRightmostUntrustedHopCounts() {
    assertThat(trusting.resolve("127.0.0.1", List.of("203.0.113.7"), List.of()))
        .isEqualTo("203.0.113.7");
    // A client's forged entries are on the left: the proxies append to the right.
    assertThat(trusting.resolve("10.1.2.3", List.of("1.2.3.4, 203.0.113.7", "10.9.9.9"), List.of()))
        .isEqualTo("203.0.113.7");
    assertThat(trusting.resolve("127.0.0.1", List.of("10.0.0.5, 10.0.0.6"), List.of()))
        .isEqualTo("10.0.0.5");
    assertThat(trusting.resolve("127.0.0.1", List.of(), List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void forwardedIsReadWhenThereIsNoXForwardedFor() {
    assertThat(
            trusting.resolve(
                "127.0.0.1",
                List.of(),
                List.of("for=1.2.3.4;proto=https, for=\"[2001:db8::17]:4711\";by=10.0.0.1")))
        .isEqualTo("2001:db8:0:0:0:0:0:17");
    assertThat(trusting.resolve("::1", List.of(), List.of("for=\"198.51.100.3:8080\"")))
        .isEqualTo("198.51.100.3");
    assertThat(trusting.resolve("127.0.0.1", List.of("203.0.113.9"), List.of("for=198.51.100.3")))
        .as("X-Forwarded-For first")
        .isEqualTo("203.0.113.9");
  }

  @Test
  void aHopThatIsNoAddressStopsAtTheTrustedProxyBesideIt() {
    assertThat(trusting.resolve("127.0.0.1", List.of(), List.of("for=unknown")))
        .isEqualTo("127.0.0.1");
    assertThat(trusting.resolve("127.0.0.1", List.of("evil.example, 10.0.0.7"), List.of()))
        .isEqualTo("10.0.0.7");
    assertThat(trusting.resolve("127.0.0.1", List.of("_hidden"), List.of())).isEqualTo("127.0.0.1");
  }

  @Test
  void rangesAreParsedStrictly() {
    assertThat(
            new ClientAddress(List.of("0.0.0.0/0"))
                .resolve("192.0.2.1", List.of("203.0.113.7"), List.of()))
        .isEqualTo("203.0.113.7");
    assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example")))
        .hasMessageContaining("--trust-proxy");
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
        .hasMessageContaining("--trust-proxy");
  }
}
