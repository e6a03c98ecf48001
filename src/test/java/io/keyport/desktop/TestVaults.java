package io.keyport.desktop;

import io.keyport.api.Secret;
import io.keyport.testing.Requirements;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.KeychainVault;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The vault the desktop's UI tests keep tokens in: the real OS keychain. */
public final class TestVaults {
  private TestVaults() {}

  /**
   * The real keychain vault with its index in {@code config}. Skips the test without an unlocked
   * Secret Service (fails instead under KEYPORT_REQUIRE_ALL=1); run the tests inside {@code
   * dbus-run-session -- bash .ci/with-keyring mvn …} to have one.
   */
  public static KeychainVault keychain(Path config) {
    KeychainVault vault = new KeychainVault(config);
    try {
      vault.read(new VaultKey("http://probe.invalid", "nobody", "probe"));
    } catch (KeychainUnavailableException e) {
      vault.close();
      Requirements.require(
          false,
          "an unlocked Secret Service keychain (run inside `dbus-run-session -- bash "
              + ".ci/with-keyring …`): "
              + e.getMessage());
    }
    return vault;
  }

  /**
   * For windows whose tests are about something else (the app list, Create an App): a vault in
   * memory, so they need no keychain daemon. Token and connection tests use {@link #keychain}.
   */
  public static Vault notUnderTest() {
    return new Vault() {
      private final Map<VaultKey, Secret> secrets = new LinkedHashMap<>();
      private final Map<VaultKey, VaultEntry> index = new LinkedHashMap<>();

      @Override
      public String keychainName() {
        return "a test vault in memory";
      }

      @Override
      public synchronized void store(VaultEntry entry, Secret token) {
        secrets.put(entry.key(), token);
        index.put(entry.key(), entry.withLast4(token.last4()));
      }

      @Override
      public synchronized Optional<Secret> read(VaultKey key) {
        return Optional.ofNullable(secrets.get(key));
      }

      @Override
      public synchronized List<VaultEntry> list() {
        return new ArrayList<>(index.values());
      }

      @Override
      public synchronized void delete(VaultKey key) {
        secrets.remove(key);
        index.remove(key);
      }

      @Override
      public void close() {}
    };
  }

  /** Removes what a test stored (its index lists only its own entries) and closes the vault. */
  public static void empty(Vault vault) {
    if (vault == null) {
      return;
    }
    for (VaultEntry entry : vault.list()) {
      try {
        vault.delete(entry.key());
      } catch (KeychainUnavailableException ignored) {
        // nothing could have been stored then
      }
    }
    vault.close();
  }
}
