package io.keyport.desktop;

import io.keyport.api.Secret;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The vault the desktop's UI tests keep tokens in. */
public final class TestVaults {
  private TestVaults() {}

  /** TEMPORARY until the keychain vault lands: an in-memory vault. */
  public static Vault keychain() {
    return new Vault() {
      private final Map<VaultKey, Secret> secrets = new LinkedHashMap<>();
      private final Map<VaultKey, VaultEntry> index = new LinkedHashMap<>();

      @Override
      public String keychainName() {
        return "Test Keychain";
      }

      @Override
      public synchronized void store(VaultEntry entry, Secret token) {
        secrets.put(entry.key(), token);
        index.put(entry.key(), entry);
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

      public void close() {}
    };
  }
}
