package io.keyport;

import io.keyport.desktop.common.NoKeychain;
import io.keyport.vault.Vault;

/** The front door's choice of vault: the OS keychain when there is one. */
final class Vaults {
  private Vaults() {}

  static Vault open(UserFolders folders) {
    // The keychain vault comes with the client-vault work; until then the desktop says so.
    return new NoKeychain("Keyport's keychain support is not part of this build yet.");
  }
}
