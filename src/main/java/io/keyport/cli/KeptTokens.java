package io.keyport.cli;

import io.keyport.api.Secret;
import io.keyport.launch.EmbeddedAddress;
import io.keyport.launch.UserFolders;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.KeychainVault;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens the desktop kept, as scripts ask for them: by app name (case-insensitive) or client
 * id, optionally on one server. Reads the same vault the desktop writes (the keychain, and its
 * index in the user's config folder); the desktop's own session tokens are not handed out.
 */
final class KeptTokens {
  /** Exit codes shared by {@code token} and {@code run}. */
  static final int NONE_KEPT = 1;

  static final int KEYCHAIN_UNAVAILABLE = 2;
  static final int AMBIGUOUS = 3;

  /**
   * The desktop files the embedded server's tokens under this name rather than a URL (its port can
   * change); scripts reach it where the desktop's last launch recorded it, else at its usual port.
   */
  static final String EMBEDDED_SERVER = "embedded server";

  static final String EMBEDDED_URL = "http://127.0.0.1:8470";

  private KeptTokens() {}

  /**
   * The vault the desktop uses for this user. Opening it touches neither the keychain nor the disk.
   */
  static Vault open() {
    return new KeychainVault(UserFolders.forCurrentUser().config());
  }

  /** The app tokens matching {@code app} (a name or a client id), on {@code server} when given. */
  static List<VaultEntry> matching(Vault vault, String app, String server) {
    List<VaultEntry> apps =
        vault.list().stream()
            .filter(e -> !e.key().isSession())
            .filter(
                e -> server == null || server.equals(e.key().server()) || server.equals(apiUrl(e)))
            .toList();
    List<VaultEntry> byId = apps.stream().filter(e -> e.key().clientId().equals(app)).toList();
    if (!byId.isEmpty()) {
      return byId;
    }
    String name = app.toLowerCase(Locale.ROOT);
    return apps.stream().filter(e -> e.appName().toLowerCase(Locale.ROOT).equals(name)).toList();
  }

  /** The server's base URL for {@code KEYPORT_API}. */
  static String apiUrl(VaultEntry entry) {
    return apiUrl(entry, UserFolders.forCurrentUser().data());
  }

  static String apiUrl(VaultEntry entry, Path dataDir) {
    String server = entry.key().server();
    if (!EMBEDDED_SERVER.equals(server)) {
      return server;
    }
    return EmbeddedAddress.read(dataDir).orElse(EMBEDDED_URL);
  }

  /** One candidate as stderr lists it: never the token, only where it belongs. */
  static String describe(VaultEntry e) {
    return "  "
        + e.appName()
        + "  client id "
        + e.key().clientId()
        + "  on "
        + e.key().server()
        + "  as "
        + e.key().account();
  }

  /** A token found, or the exit code saying why not (the reason already on {@code err}). */
  record Lookup(VaultEntry entry, Secret token, int exit) {}

  /**
   * The one token for {@code app}: reads the keychain. When there is none, several, or the keychain
   * cannot be used, says so on {@code err} and returns the exit code.
   */
  static Lookup find(Vault vault, String app, String server, PrintWriter err) {
    List<VaultEntry> found = matching(vault, app, server);
    if (found.isEmpty()) {
      err.println(
          "keyport: no token kept for \""
              + app
              + "\""
              + (server == null ? "" : " on " + server)
              + ". Generate one in the Keyport desktop (the app's page, \"Generate token\"); `keyport tokens` lists"
              + " what is kept.");
      return new Lookup(null, null, NONE_KEPT);
    }
    if (found.size() > 1) {
      err.println(
          "keyport: \""
              + app
              + "\" names "
              + found.size()
              + " kept tokens; give a client id"
              + " (or --server) instead:");
      found.forEach(e -> err.println(describe(e)));
      return new Lookup(null, null, AMBIGUOUS);
    }
    VaultEntry entry = found.get(0);
    try {
      Optional<Secret> token = vault.read(entry.key());
      if (token.isEmpty()) {
        err.println(
            "keyport: the keychain no longer holds the token for \""
                + entry.appName()
                + "\" ("
                + vault.keychainName()
                + "); generate a new one in the Keyport desktop.");
        return new Lookup(null, null, NONE_KEPT);
      }
      return new Lookup(entry, token.get(), 0);
    } catch (KeychainUnavailableException e) {
      err.println("keyport: " + e.getMessage());
      return new Lookup(null, null, KEYCHAIN_UNAVAILABLE);
    }
  }
}
