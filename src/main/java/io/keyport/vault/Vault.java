package io.keyport.vault;

import io.keyport.api.Secret;
import java.util.List;
import java.util.Optional;

/**
 * Tokens kept in the OS keychain, with a plain index beside it (never the secret) so the UI can
 * list them without unlocking anything. Every method blocks: call it off the JavaFX thread.
 */
public interface Vault {

  /** The keychain's name as a user knows it, e.g. "GNOME Keyring" or "macOS Keychain". */
  String keychainName();

  /** Stores the token under the entry's key, replacing any earlier one, and indexes it. */
  void store(VaultEntry entry, Secret token) throws KeychainUnavailableException;

  /** The token kept under {@code key}, if any. */
  Optional<Secret> read(VaultKey key) throws KeychainUnavailableException;

  /** What is stored, from the index alone: no keychain access. */
  List<VaultEntry> list();

  /** Removes the keychain entry and its index line. */
  void delete(VaultKey key) throws KeychainUnavailableException;
}
