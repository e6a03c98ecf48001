package io.keyport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.common.NoKeychain;
import io.keyport.desktop.common.Session;
import io.keyport.desktop.connect.TeamSignIn;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The launch's early connection: the window's first connect takes it; later ones connect afresh. */
class ConnectionsTest {
  private final AtomicInteger calls = new AtomicInteger();

  private Connections connections(boolean failFirst) throws IOException {
    return new Connections(() -> {
      int n = calls.incrementAndGet();
      if (failFirst && n == 1) {
        throw new IOException("the embedded server could not start");
      }
      return new Session(URI.create("http://127.0.0.1:1"), "alice" + n, true, null);
    }, new TeamSignIn(new NoKeychain("no keychain in this test")),
        new TeamServerSetting(Files.createTempDirectory("keyport-config-").resolve("settings.json")));
  }

  @Test
  void theFirstConnectTakesTheEarlyConnectionAndTheNextConnectsAgain() throws Exception {
    try (Connections c = connections(false).connectEarly()) {
      assertThat(c.connect().username()).isEqualTo("alice1");
      assertThat(c.connect().username()).isEqualTo("alice2");
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void anEarlyFailureReachesTheFirstConnectAndRetryConnectsAgain() throws Exception {
    try (Connections c = connections(true).connectEarly()) {
      assertThatThrownBy(c::connect).isInstanceOf(IOException.class)
          .hasMessage("the embedded server could not start");
      assertThat(c.connect().username()).isEqualTo("alice2");
    }
  }
}
