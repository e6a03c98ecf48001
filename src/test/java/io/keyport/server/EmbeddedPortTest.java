package io.keyport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keyport.testing.TestServers;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The embedded server takes its preferred port or the next free one, even when a port is taken. */
class EmbeddedPortTest {

  @Test
  void aTakenPreferredPortMovesTheServerToTheNextFreeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ServerConfig config = TestServers.H2.config().withPort(taken.getLocalPort());
      try (KeyportServer server = KeyportServer.startEmbedded(config)) {
        assertThat(server.port()).isGreaterThan(taken.getLocalPort());
      }
    }
  }

  @Test
  void aBindThatFailsOnATakenPortIsToldApartFromOtherFailures() throws Exception {
    int port;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = taken.getLocalPort();
      ServerConfig config = TestServers.H2.config().withPort(port);
      // What startEmbedded catches when another process wins the race for the port.
      Throwable failure = catchThrowable(() -> KeyportServer.start(config).close());
      assertThat(failure).isNotNull();
      assertThat(KeyportServer.isTaken("127.0.0.1", port)).isTrue();
    }
    assertThat(KeyportServer.isTaken("127.0.0.1", port)).isFalse();
    assertThat(KeyportServer.isBindFailure(new RuntimeException(new BindException("in use"))))
        .isTrue();
    assertThat(KeyportServer.isBindFailure(new IllegalStateException("database locked"))).isFalse();
  }
}
