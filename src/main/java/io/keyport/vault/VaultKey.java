package io.keyport.vault;

/**
 * Where a token belongs: a server, an account on it, and the app's client id — or
 * {@link #SESSION_CLIENT} for the desktop's own session token on a team server.
 */
public record VaultKey(String server, String account, String clientId) {
  public static final String SESSION_CLIENT = "keyport-desktop";

  public static VaultKey session(String server, String account) {
    return new VaultKey(server, account, SESSION_CLIENT);
  }

  public boolean isSession() {
    return SESSION_CLIENT.equals(clientId);
  }
}
