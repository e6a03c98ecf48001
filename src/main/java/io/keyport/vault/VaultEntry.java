package io.keyport.vault;

import java.time.Instant;
import java.util.List;

/** One line of the vault's index: what is stored and where, never the secret itself. */
public record VaultEntry(
    VaultKey key, String appName, List<String> scopes, Instant createdAt, String last4) {}
