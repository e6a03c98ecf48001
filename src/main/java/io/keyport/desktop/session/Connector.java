package io.keyport.desktop.session;

import io.keyport.api.Secret;
import io.keyport.desktop.signin.BrowserLauncher;
import java.net.URI;

/**
 * Opens the desktop's session: starts the embedded server and signs the local user in, or signs in
 * to a team server. Every method blocks: call it on a background task. The front door supplies it,
 * so the desktop never knows the server's classes.
 */
public interface Connector {
  /**
   * The launch session: the team server remembered from last time, signed in from the vault; else
   * the embedded server.
   */
  Session connect() throws Exception;

  /**
   * Signs in to a team server with the password grant, keeps the session token in the vault and
   * remembers the server for the next launch.
   */
  default Session connectToTeam(URI server, String username, Secret password) throws Exception {
    throw new UnsupportedOperationException("This window cannot connect to a team server.");
  }

  /**
   * Signs in to a team server through the system browser (RFC 8252: keyport-desktop with PKCE and a
   * loopback redirect), keeps the session token in the vault and remembers the server.
   */
  default Session connectToTeamWithBrowser(URI server, BrowserLauncher browser) throws Exception {
    throw new UnsupportedOperationException("This window cannot connect to a team server.");
  }

  /**
   * Back to a team server whose sign-in the vault still keeps (after "Use the embedded server"),
   * without asking for the password again; remembered for the next launch.
   */
  default Session reconnect(URI server) throws Exception {
    throw new UnsupportedOperationException("This window cannot connect to a team server.");
  }

  /**
   * Signs out of the team server (revokes the session token, removes it from the vault); back to
   * the embedded server.
   */
  default Session signOut(Session current) throws Exception {
    return useEmbedded();
  }

  /** Back to the embedded server, keeping the team sign-in in the vault. */
  default Session useEmbedded() throws Exception {
    return connect();
  }
}
