package io.keyport.launch;

import io.keyport.vault.KeychainVault;
import io.keyport.vault.Vault;

/** The front door's choice of vault: the OS keychain, with its index in the user's config folder. */
public final class Vaults {
  private Vaults() {}

  /**
   * The keychain vault. Opening it touches neither the keychain nor the disk; a missing or locked
   * keychain shows up as a KeychainUnavailableException from the call that needed it.
   */
  public static Vault open(UserFolders folders) {
    return new KeychainVault(folders.config());
  }
}
