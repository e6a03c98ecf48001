package io.keyport.desktop.session;

import io.keyport.api.Secret;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.util.List;
import java.util.Optional;

/**
 * A test's vault with no keychain behind it: nothing is listed, and storing or reading fails with
 * {@code reason}, as a missing or locked keychain does. Nothing is ever written anywhere.
 */
public final class NoKeychain implements Vault {
  private final String reason;

  public NoKeychain(String reason) {
    this.reason = reason;
  }

  @Override
  public String keychainName() {
    return "no keychain";
  }

  @Override
  public void store(VaultEntry entry, Secret token) throws KeychainUnavailableException {
    throw new KeychainUnavailableException(reason);
  }

  @Override
  public Optional<Secret> read(VaultKey key) throws KeychainUnavailableException {
    throw new KeychainUnavailableException(reason);
  }

  @Override
  public List<VaultEntry> list() {
    return List.of();
  }

  @Override
  public void delete(VaultKey key) throws KeychainUnavailableException {
    throw new KeychainUnavailableException(reason);
  }

  /** Nothing to release. */
  public void close() {}
}
