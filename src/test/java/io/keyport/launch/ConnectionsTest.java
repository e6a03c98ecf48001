package io.keyport.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.api.App;
import io.keyport.api.NewApp;
import io.keyport.client.KeyportClient;
import io.keyport.client.ServerUnreachableException;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.connect.TeamSignIn;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.session.ConnectionException;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door's connector without a window: launch choices and what a failure says. */
class ConnectionsTest {
  @TempDir Path config;

  @Test
  void aRememberedTeamServerWithoutAKeptSignInFallsBackToTheEmbeddedServer() throws Exception {
    SettingsStore setting = SettingsStore.in(config);
    setting.setTeamServer(Optional.of(URI.create("http://127.0.0.1:9")));
    Session local = new Session(URI.create("http://127.0.0.1:8470"), "alice", true, null);
    try (Connections connections =
        new Connections(() -> local, new TeamSignIn(TestVaults.notUnderTest()), setting)) {
      assertThat(connections.connect()).isSameAs(local);
    }
  }

  @Test
  void theLaunchSessionBringsItsFirstAppListLoadedEarlyThenListsAskTheServer() throws Exception {
    KeyportServer server = TestServers.H2.start();
    try (KeyportClient anonymous = KeyportClient.create(server.baseUrl())) {
      KeyportClient alice = anonymous.withToken(server.localSession("alice").token());
      alice.createApp(
          new NewApp("Before launch", "https://example.com", List.of("http://localhost:8000")));
      Session opened = new Session(server.baseUrl(), "alice", true, alice);
      SettingsStore setting = SettingsStore.in(config);
      try (Connections connections =
          new Connections(() -> opened, new TeamSignIn(TestVaults.notUnderTest()), setting)
              .connectEarly()) {
        Session launch = connections.connect();
        assertThat(launch.firstApps()).isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!launch.firstApps().loaded() && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(launch.firstApps().loaded()).as("loaded by the connecting thread").isTrue();
        alice.createApp(
            new NewApp("After loading", "https://example.com", List.of("http://localhost:8000")));

        assertThat(launch.listAllApps()).extracting(App::name).containsExactly("Before launch");
        assertThat(launch.listAllApps())
            .extracting(App::name)
            .containsExactlyInAnyOrder("Before launch", "After loading");
      }
    } finally {
      server.close();
    }
  }

  @Test
  void theConnectingThreadBeginsOnlyOnceItsPrerequisiteIsMet() throws Exception {
    CountDownLatch loggingReady = new CountDownLatch(1);
    AtomicBoolean connecting = new AtomicBoolean();
    Session local = new Session(URI.create("http://127.0.0.1:8470"), "alice", true, null);
    Connector embedded =
        () -> {
          connecting.set(true);
          return local;
        };
    SettingsStore setting = SettingsStore.in(config);
    try (Connections connections =
        new Connections(embedded, new TeamSignIn(TestVaults.notUnderTest()), setting)
            .connectEarly(loggingReady::await)) {
      assertThat(connecting).isFalse();
      loggingReady.countDown();
      assertThat(connections.connect()).isSameAs(local);
      assertThat(connecting).isTrue();
    }
  }

  @Test
  void aFirstAppListThatFailedToLoadFailsAsItDidThenListsAskAgain() throws Exception {
    URI down;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + s.getLocalPort());
    } // nothing listens there now
    try (KeyportClient client = KeyportClient.create(down)) {
      Session launch = new Session(down, "alice", true, client).withFirstAppsLoading();
      launch.firstApps().load();

      assertThatThrownBy(launch::listAllApps).isInstanceOf(ServerUnreachableException.class);
      assertThatThrownBy(launch::listAllApps).isInstanceOf(ServerUnreachableException.class);
      assertThat(new Session(down, "alice", true, client).firstApps()).isNull();
    }
  }

  @Test
  void anEmbeddedServerThatCannotStartSaysWhyInWords() throws Exception {
    Connector broken =
        () -> {
          throw new IllegalStateException(
              "Failed to start Javalin", new BindException("Address already in use"));
        };
    SettingsStore setting = SettingsStore.in(config);
    try (Connections connections =
        new Connections(broken, new TeamSignIn(TestVaults.notUnderTest()), setting)) {
      assertThatThrownBy(connections::connect)
          .isInstanceOf(ConnectionException.class)
          .satisfies(
              e ->
                  assertThat(Failures.describe(e))
                      .isEqualTo(
                          "The embedded Keyport server could not start (Address already in use). Retry; if it keeps"
                              + " failing, another program may hold its port or its database."));
    }
  }
}
