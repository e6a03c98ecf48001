package io.keyport.vault;

import io.keyport.api.Secret;
import java.util.List;
import java.util.Optional;

/**
 * Tokens kept in the OS keychain, with a plain index beside it (never the secret) so the UI can
 * list them without unlocking anything. Every method but {@link #keychainName()} and {@link
 * #list()} may block on the keychain for up to its timeout: call them off the JavaFX thread.
 *
 * <p>Both sides are kept in step: {@link #store} writes the keychain first and then the index;
 * {@link #delete} removes both; {@link #read} drops an index line whose keychain entry has gone.
 * When the keychain cannot be used, nothing is written anywhere (there is no plain-text fallback)
 * and the call throws {@link KeychainUnavailableException}, whose message the UI can show as is.
 */
public interface Vault extends AutoCloseable {

  /**
   * The keychain's name as a user knows it, e.g. "GNOME Keyring / Secret Service" or "macOS
   * Keychain".
   */
  String keychainName();

  /**
   * Stores the token under the entry's key, replacing any earlier one, and indexes it. The index
   * line keeps the token's last four characters, whatever {@code entry.last4()} says.
   */
  void store(VaultEntry entry, Secret token) throws KeychainUnavailableException;

  /**
   * The token kept under {@code key}, if any. An index line without a keychain entry is dropped.
   */
  Optional<Secret> read(VaultKey key) throws KeychainUnavailableException;

  /** What is stored, from the index alone: no keychain access, never blocks on the keychain. */
  List<VaultEntry> list();

  /** The index line for {@code key}, if any: no keychain access. */
  default Optional<VaultEntry> entry(VaultKey key) {
    return list().stream().filter(e -> e.key().equals(key)).findFirst();
  }

  /** Removes the keychain entry and its index line; nothing happens when neither exists. */
  void delete(VaultKey key) throws KeychainUnavailableException;

  /** Releases what the vault holds (the keychain worker thread); nothing by default. */
  @Override
  default void close() {}
}
