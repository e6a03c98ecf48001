package io.keyport.vault;

import io.keyport.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Vault} over the OS keychain (java-keyring: Secret Service on Linux, the macOS
 * Keychain, Windows Credential Manager), with its index in {@code vault-index.json} in the config
 * folder the front door gives it (on Linux {@code $XDG_CONFIG_HOME/keyport}).
 *
 * <p>In the keychain an entry's service is {@code "Keyport " + server} and its account {@code
 * account + " / " + clientId}. Every keychain call runs on a worker thread and gives up after the
 * timeout (10 s by default: long enough to type an unlock password).
 */
public final class KeychainVault implements Vault {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(KeychainVault.class);

  private final Keychain keychain;
  private final VaultIndex index;

  /** A vault keeping its index in {@code configFolder}, with the 10 s keychain timeout. */
  public KeychainVault(Path configFolder) {
    this(configFolder, DEFAULT_TIMEOUT);
  }

  /**
   * A vault keeping its index in {@code configFolder}, giving up on a keychain call after {@code
   * timeout}.
   */
  public KeychainVault(Path configFolder, Duration timeout) {
    this.index = new VaultIndex(Objects.requireNonNull(configFolder, "configFolder"));
    this.keychain = new Keychain(Objects.requireNonNull(timeout, "timeout"));
  }

  /** The index file; it never holds a secret. */
  public Path indexFile() {
    return index.file();
  }

  public Duration timeout() {
    return keychain.timeout();
  }

  @Override
  public String keychainName() {
    return keychain.name();
  }

  @Override
  public synchronized void store(VaultEntry entry, Secret token)
      throws KeychainUnavailableException {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(token, "token");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("An empty token cannot be stored");
    }
    VaultKey key = entry.key();
    keychain.set(service(key), account(key), token.reveal());
    VaultEntry line = entry.withLast4(lastFour(token));
    List<VaultEntry> lines = new ArrayList<>(index.read());
    int at = indexOf(lines, key);
    if (at >= 0) {
      lines.set(at, line);
    } else {
      lines.add(line);
    }
    try {
      index.write(lines);
    } catch (RuntimeException e) {
      // Keep both sides in step: an entry the index does not list could never be found again.
      try {
        keychain.delete(service(key), account(key));
      } catch (KeychainUnavailableException ignored) {
        LOG.warn(
            "Could not take back the keychain entry for {} after the index failed", describe(key));
      }
      throw e;
    }
    LOG.debug("Stored the token for {}", describe(key));
  }

  @Override
  public synchronized Optional<Secret> read(VaultKey key) throws KeychainUnavailableException {
    Objects.requireNonNull(key, "key");
    Optional<String> found = keychain.get(service(key), account(key));
    if (found.isPresent()) {
      return Optional.of(Secret.of(found.get()));
    }
    List<VaultEntry> lines = new ArrayList<>(index.read());
    int at = indexOf(lines, key);
    if (at >= 0) {
      lines.remove(at);
      index.write(lines);
      LOG.info(
          "The keychain has no token for {} any more; dropped it from the index", describe(key));
    }
    return Optional.empty();
  }

  @Override
  public List<VaultEntry> list() {
    return List.copyOf(index.read());
  }

  @Override
  public synchronized void delete(VaultKey key) throws KeychainUnavailableException {
    Objects.requireNonNull(key, "key");
    keychain.delete(service(key), account(key));
    List<VaultEntry> lines = new ArrayList<>(index.read());
    int at = indexOf(lines, key);
    if (at >= 0) {
      lines.remove(at);
      index.write(lines);
    }
    LOG.debug("Deleted the token for {}", describe(key));
  }

  @Override
  public void close() {
    keychain.close();
  }

  @Override
  public String toString() {
    return "KeychainVault[" + keychainName() + ", index " + index.file() + "]";
  }

  static String service(VaultKey key) {
    return "Keyport " + key.server();
  }

  static String account(VaultKey key) {
    return key.account() + " / " + key.clientId();
  }

  /** The last four characters, only of a token long enough that they give nothing away. */
  private static String lastFour(Secret token) {
    return token.length() >= 12 ? token.last4() : "";
  }

  private static int indexOf(List<VaultEntry> lines, VaultKey key) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).key().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(VaultKey key) {
    return key.account() + " on " + key.server() + " (client " + key.clientId() + ")";
  }
}
