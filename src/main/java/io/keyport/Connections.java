package io.keyport;

import io.keyport.api.Secret;
import io.keyport.desktop.common.Connector;
import io.keyport.desktop.common.Session;
import io.keyport.desktop.connect.TeamSignIn;
import java.net.URI;
import java.util.Optional;

/**
 * The desktop's connector: at launch, the team server from the settings signed in with the session
 * token the vault keeps; with none (or a token the server no longer takes), the embedded server.
 * Connecting, signing out and going back to the embedded server change what the next launch does.
 */
public final class Connections implements Connector, AutoCloseable {
  private final Connector embedded;
  private final TeamSignIn team;
  private final TeamServerSetting setting;

  public Connections(Connector embedded, TeamSignIn team, TeamServerSetting setting) {
    this.embedded = embedded;
    this.team = team;
    this.setting = setting;
  }

  @Override
  public Session connect() throws Exception {
    Optional<URI> server = setting.get();
    if (server.isPresent()) {
      Optional<Session> resumed = team.resume(server.get());
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }
    return embedded.connect();
  }

  @Override
  public Session connectToTeam(URI server, String username, Secret password) throws Exception {
    Session session = team.signIn(server, username, password);
    setting.set(Optional.of(server));
    return session;
  }

  @Override
  public Session reconnect(URI server) throws Exception {
    Session session = team.resume(server).orElseThrow(() -> new IllegalStateException(
        "The sign-in kept for " + server + " no longer works. Connect to it again with your password."));
    setting.set(Optional.of(server));
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
    setting.set(Optional.empty());
    return embedded.connect();
  }

  @Override
  public void close() throws Exception {
    team.close();
    if (embedded instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
