package io.keyport.vault;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the vault's index: what is stored and where, never the secret itself. {@code last4}
 * is the stored token's last four characters (the vault sets it on {@link Vault#store}); {@code
 * expiresAt} is when the server said the token expires, null for never or unknown.
 */
public record VaultEntry(
    VaultKey key,
    String appName,
    List<String> scopes,
    Instant createdAt,
    String last4,
    Instant expiresAt) {

  /** The name the index shows for the desktop's own session token. */
  public static final String SESSION_APP_NAME = "Keyport desktop session";

  public VaultEntry {
    Objects.requireNonNull(key, "VaultEntry.key is required");
    appName = appName == null ? "" : appName;
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    createdAt = createdAt == null ? Instant.now() : createdAt;
  }

  /** A line for a token that does not expire (or whose expiry is not known). */
  public VaultEntry(
      VaultKey key, String appName, List<String> scopes, Instant createdAt, String last4) {
    this(key, appName, scopes, createdAt, last4, null);
  }

  /** The index line of the desktop's session token for {@code account} on {@code server}. */
  public static VaultEntry session(
      String server, String account, List<String> scopes, Instant createdAt) {
    return new VaultEntry(
        VaultKey.session(server, account), SESSION_APP_NAME, scopes, createdAt, null);
  }

  public VaultEntry withLast4(String newLast4) {
    return new VaultEntry(key, appName, scopes, createdAt, newLast4, expiresAt);
  }
}
