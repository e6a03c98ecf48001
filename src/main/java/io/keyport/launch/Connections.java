package io.keyport.launch;

import io.keyport.api.Secret;
import io.keyport.desktop.connect.TeamSignIn;
import io.keyport.desktop.session.ConnectionException;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.desktop.signin.BrowserLauncher;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.LoggerFactory;

/**
 * The desktop's connector: at launch, the team server from the settings signed in with the session
 * token the vault keeps; with none (or a token the server no longer takes), the embedded server.
 * Connecting, signing out and going back to the embedded server change what the next launch does.
 */
public final class Connections implements Connector, AutoCloseable {
  /** How long a browser sign-in waits for the person to finish in the browser. */
  static final Duration BROWSER_WAIT = Duration.ofMinutes(5);

  private final Connector embedded;
  private final TeamSignIn team;
  private final SettingsStore settings;

  public Connections(Connector embedded, TeamSignIn team, SettingsStore settings) {
    this.embedded = embedded;
    this.team = team;
    this.settings = settings;
  }

  /** The launch's first connection, begun by {@link #connectEarly()} and not yet taken. */
  private volatile FutureTask<Session> early;

  /**
   * Begins the first {@link #connect()} now, on its own thread, so that starting the embedded
   * server (or resuming the team session) overlaps the JavaFX start-up instead of following it; the
   * window's first {@code connect()} takes the outcome. Once connected, the same thread loads the
   * app list (the session's {@link Session#listAllApps() first list}), so that it is usually there
   * by the time the window asks for it.
   */
  public Connections connectEarly() {
    return connectEarly(() -> {});
  }

  /**
   * As {@link #connectEarly()}, the thread first waiting for {@code ready} (e.g. logging being set
   * up).
   */
  public Connections connectEarly(Prerequisite ready) {
    FutureTask<Session> task = new FutureTask<>(() -> connectNow().withFirstAppsLoading());
    early = task;
    Thread t =
        new Thread(
            () -> {
              try {
                ready.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              task.run();
              try {
                Session.FirstApps firstApps = task.get().firstApps();
                if (firstApps != null) {
                  firstApps.load();
                }
              } catch (ExecutionException | InterruptedException notConnected) {
                // the window's connect() gets the failure and says why
              }
            },
            "keyport-early-connect");
    t.setDaemon(true);
    t.start();
    return this;
  }

  /** What the connecting thread waits for before it begins. */
  @FunctionalInterface
  public interface Prerequisite {
    void await() throws InterruptedException;
  }

  @Override
  public Session connect() throws Exception {
    FutureTask<Session> pending = early;
    if (pending != null) {
      early = null;
      try {
        return pending.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
    return connectNow();
  }

  private Session connectNow() throws Exception {
    Optional<URI> server = settings.teamServer();
    if (server.isPresent()) {
      Optional<Session> resumed = team.resume(server.get());
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }
    return embedded();
  }

  @Override
  public Session connectToTeam(URI server, String username, Secret password) throws Exception {
    Session session = team.signIn(server, username, password);
    settings.setTeamServer(Optional.of(server));
    return session;
  }

  @Override
  public Session connectToTeamWithBrowser(URI server, BrowserLauncher browser) throws Exception {
    Session session = team.signInWithBrowser(server, browser, BROWSER_WAIT, step -> {});
    settings.setTeamServer(Optional.of(server));
    return session;
  }

  @Override
  public Session reconnect(URI server) throws Exception {
    Session session =
        team.resume(server)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The sign-in kept for "
                            + server
                            + " no longer works. Connect to it again with your password."));
    settings.setTeamServer(Optional.of(server));
    return session;
  }

  @Override
  public Session signOut(Session current) throws Exception {
    if (!current.embedded()) {
      team.signOut(current);
    }
    return useEmbedded();
  }

  @Override
  public Session useEmbedded() throws Exception {
    settings.setTeamServer(Optional.empty());
    return embedded();
  }

  /** The embedded server's session; a server that cannot start says why, in words. */
  private Session embedded() throws Exception {
    try {
      return embedded.connect();
    } catch (RuntimeException e) {
      // The banner says why in words; the log keeps the whole chain for whoever must find the
      // cause.
      LoggerFactory.getLogger(Connections.class).warn("The embedded server could not start", e);
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
      throw new ConnectionException(
          "The embedded Keyport server could not start ("
              + why
              + "). Retry;"
              + " if it keeps failing, another program may hold its port or its database.",
          e);
    }
  }

  @Override
  public void close() throws Exception {
    team.close();
    if (embedded instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
