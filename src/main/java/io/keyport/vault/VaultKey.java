package io.keyport.vault;

import java.util.Objects;

/**
 * Where a token belongs: a server (its base URL as the desktop knows it), an account on it, and the
 * app's client id — or {@link #SESSION_CLIENT} for the desktop's own session token on a team
 * server.
 */
public record VaultKey(String server, String account, String clientId) {
  public static final String SESSION_CLIENT = "keyport-desktop";

  public VaultKey {
    server = required(server, "server");
    account = required(account, "account");
    clientId = required(clientId, "clientId");
  }

  /** The key of the desktop's own session token for {@code account} on {@code server}. */
  public static VaultKey session(String server, String account) {
    return new VaultKey(server, account, SESSION_CLIENT);
  }

  public boolean isSession() {
    return SESSION_CLIENT.equals(clientId);
  }

  private static String required(String value, String name) {
    Objects.requireNonNull(value, () -> "VaultKey." + name + " is required");
    if (value.isBlank()) {
      throw new IllegalArgumentException("VaultKey." + name + " must not be blank");
    }
    return value;
  }
}
