package io.keyport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.TestVaults;
import io.keyport.desktop.common.ConnectionException;
import io.keyport.desktop.common.Connector;
import io.keyport.desktop.common.Failures;
import io.keyport.desktop.common.Session;
import io.keyport.desktop.connect.TeamSignIn;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door's connector without a window: launch choices and what a failure says. */
class ConnectionsTest {
  @TempDir Path config;

  @Test
  void aRememberedTeamServerWithoutAKeptSignInFallsBackToTheEmbeddedServer() throws Exception {
    TeamServerSetting setting = new TeamServerSetting(config.resolve("settings.json"));
    setting.set(Optional.of(URI.create("http://127.0.0.1:9")));
    Session local = new Session(URI.create("http://127.0.0.1:8470"), "alice", true, null);
    try (Connections connections = new Connections(() -> local, new TeamSignIn(TestVaults.notUnderTest()), setting)) {
      assertThat(connections.connect()).isSameAs(local);
    }
  }

  @Test
  void anEmbeddedServerThatCannotStartSaysWhyInWords() throws Exception {
    Connector broken = () -> {
      throw new IllegalStateException("Failed to start Javalin", new BindException("Address already in use"));
    };
    TeamServerSetting setting = new TeamServerSetting(config.resolve("settings.json"));
    try (Connections connections = new Connections(broken, new TeamSignIn(TestVaults.notUnderTest()), setting)) {
      assertThatThrownBy(connections::connect)
          .isInstanceOf(ConnectionException.class)
          .satisfies(e -> assertThat(Failures.describe(e)).isEqualTo(
              "The embedded Keyport server could not start (Address already in use). Retry; if it keeps"
                  + " failing, another program may hold its port or its database."));
    }
  }
}
