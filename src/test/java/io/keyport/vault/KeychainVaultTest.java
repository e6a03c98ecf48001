package io.keyport.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault against the real Secret Service (gnome-keyring inside dbus-run-session, as .ci/run and
 * .ci/with-keyring set it up). Each test uses its own server name and removes what it stored.
 */
class KeychainVaultTest {
  @TempDir Path config;
  KeychainVault vault;
  final String server = "http://vault-test-" + UUID.randomUUID() + ".invalid:8470";
  final List<VaultKey> used = new ArrayList<>();

  @BeforeEach
  void openVault() {
    vault = new KeychainVault(config);
    try {
      vault.read(key("probe", "nobody"));
    } catch (KeychainUnavailableException e) {
      Requirements.require(
          false,
          "an unlocked Secret Service keychain (run inside `dbus-run-session -- bash "
              + ".ci/with-keyring …`): "
              + e.getMessage());
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (vault != null) {
      for (VaultKey k : used) {
        try {
          vault.delete(k);
        } catch (KeychainUnavailableException ignored) {
          // the test was skipped
        }
      }
      vault.close();
    }
  }

  VaultKey key(String account, String clientId) {
    VaultKey k = new VaultKey(server, account, clientId);
    used.add(k);
    return k;
  }

  static VaultEntry entry(VaultKey key, String app) {
    return new VaultEntry(
        key, app, List.of("basic", "stream"), Instant.now().truncatedTo(ChronoUnit.SECONDS), null);
  }

  static Secret userToken() {
    return TokenFormat.generate(TokenFormat.Kind.USER);
  }

  @Test
  void storeThenReadGivesTheTokenBackAndListShowsItFromTheIndex() throws Exception {
    VaultKey k = key("alice", TokenFormat.newClientId());
    Secret token = userToken();
    VaultEntry e = entry(k, "My App");

    vault.store(e, token);

    assertThat(vault.read(k)).contains(token);
    assertThat(vault.list()).containsExactly(e.withLast4(token.last4()));
    assertThat(vault.entry(k)).contains(e.withLast4(token.last4()));
    assertThat(vault.keychainName()).isEqualTo("GNOME Keyring / Secret Service");
    assertNoFileHolds(token);
    String index = Files.readString(vault.indexFile());
    assertThat(index).contains(server, "alice", k.clientId(), "My App", "basic", token.last4());
  }

  @Test
  void aNewVaultOverTheSameFolderListsWhatWasStored() throws Exception {
    VaultKey k = key("alice", TokenFormat.newClientId());
    Secret token = userToken();
    vault.store(entry(k, "My App"), token);

    try (KeychainVault again = new KeychainVault(config)) {
      assertThat(again.list()).extracting(VaultEntry::key).containsExactly(k);
      assertThat(again.read(k)).contains(token);
    }
  }

  @Test
  void storingUnderTheSameKeyReplacesTheTokenAndItsIndexLine() throws Exception {
    VaultKey k = key("alice", TokenFormat.newClientId());
    Secret first = userToken();
    Secret second = userToken();
    vault.store(entry(k, "Old Name"), first);

    vault.store(entry(k, "New Name"), second);

    assertThat(vault.read(k)).contains(second);
    assertThat(vault.list())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.appName()).isEqualTo("New Name");
              assertThat(line.last4()).isEqualTo(second.last4());
            });
    assertNoFileHolds(first);
    assertNoFileHolds(second);
  }

  @Test
  void tokensOfOtherAppsAccountsAndTheSessionAreKeptApart() throws Exception {
    String clientId = TokenFormat.newClientId();
    VaultKey aliceApp = key("alice", clientId);
    VaultKey bobApp = key("bob", clientId);
    VaultKey aliceOther = key("alice", TokenFormat.newClientId());
    VaultKey aliceSession = VaultKey.session(server, "alice");
    used.add(aliceSession);
    Secret t1 = userToken();
    Secret t2 = userToken();
    Secret t3 = userToken();
    Secret t4 = userToken();

    vault.store(entry(aliceApp, "A"), t1);
    vault.store(entry(bobApp, "A"), t2);
    vault.store(entry(aliceOther, "B"), t3);
    vault.store(
        VaultEntry.session(server, "alice", List.of("basic", "developer"), Instant.now()), t4);

    assertThat(vault.read(aliceApp)).contains(t1);
    assertThat(vault.read(bobApp)).contains(t2);
    assertThat(vault.read(aliceOther)).contains(t3);
    assertThat(vault.read(aliceSession)).contains(t4);
    assertThat(vault.list())
        .extracting(VaultEntry::key)
        .containsExactly(aliceApp, bobApp, aliceOther, aliceSession);
    assertThat(vault.entry(aliceSession))
        .hasValueSatisfying(
            e -> {
              assertThat(e.key().isSession()).isTrue();
              assertThat(e.appName()).isEqualTo(VaultEntry.SESSION_APP_NAME);
            });
  }

  @Test
  void deleteRemovesTheKeychainEntryAndItsIndexLine() throws Exception {
    VaultKey gone = key("alice", TokenFormat.newClientId());
    VaultKey kept = key("alice", TokenFormat.newClientId());
    Secret keptToken = userToken();
    vault.store(entry(gone, "Gone"), userToken());
    vault.store(entry(kept, "Kept"), keptToken);

    vault.delete(gone);

    assertThat(vault.read(gone)).isEmpty();
    assertThat(keychainHas(gone)).isFalse();
    assertThat(vault.list()).extracting(VaultEntry::key).containsExactly(kept);
    assertThat(vault.read(kept)).contains(keptToken);
  }

  @Test
  void deletingWhatIsNotThereIsNothing() throws Exception {
    VaultKey k = key("alice", TokenFormat.newClientId());
    vault.delete(k);
    assertThat(vault.list()).isEmpty();
    assertThat(vault.read(k)).isEmpty();
  }

  @Test
  void anIndexLineWhoseKeychainEntryIsGoneIsDroppedWhenReadFindsNothing() throws Exception {
    VaultKey orphan = key("alice", TokenFormat.newClientId());
    VaultKey kept = key("alice", TokenFormat.newClientId());
    vault.store(entry(orphan, "Orphan"), userToken());
    vault.store(entry(kept, "Kept"), userToken());
    try (Keyring keyring = Keyring.create()) { // someone removed it in Seahorse
      keyring.deletePassword(KeychainVault.service(orphan), KeychainVault.account(orphan));
    }
    assertThat(vault.list()).hasSize(2);

    assertThat(vault.read(orphan)).isEmpty();

    assertThat(vault.list()).extracting(VaultEntry::key).containsExactly(kept);
  }

  @Test
  void whatOneJvmStoredAnotherReadsAndTheOtherWayRound() throws Exception {
    VaultKey k = key("carol", TokenFormat.newClientId());
    Secret token = userToken();

    List<String> stored = child(k, token, "store");
    assertThat(stored).containsExactly("STORED");

    try (KeychainVault afterRestart = new KeychainVault(config)) {
      assertThat(afterRestart.list())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.key()).isEqualTo(k);
                assertThat(e.appName()).isEqualTo("Child App");
                assertThat(e.last4()).isEqualTo(token.last4());
              });
      assertThat(afterRestart.read(k)).contains(token);

      Secret replaced = userToken();
      afterRestart.store(entry(k, "Parent App"), replaced);
      assertThat(child(k, replaced, "read", "list"))
          .containsExactly(
              "MATCH",
              "ENTRY " + server + "|carol|" + k.clientId() + "|Parent App|" + replaced.last4(),
              "LISTED 1");
    }
    assertNoFileHolds(token);
  }

  @Test
  void theIndexFileIsOnlyForItsOwner() throws Exception {
    vault.store(entry(key("alice", TokenFormat.newClientId()), "App"), userToken());
    if (Files.getFileStore(vault.indexFile()).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vault.indexFile())))
          .isEqualTo("rw-------");
    }
    assertThat(vault.toString()).doesNotContain("kpu_");
  }

  private List<String> child(VaultKey k, Secret token, String... ops) {
    List<String> args =
        new ArrayList<>(List.of(config.toString(), "10000", k.server(), k.account(), k.clientId()));
    args.addAll(List.of(ops));
    return ChildJvm.run(List.of(), env -> {}, token.reveal(), args.toArray(String[]::new));
  }

  private boolean keychainHas(VaultKey k) throws Exception {
    try (Keyring keyring = Keyring.create()) {
      keyring.getPassword(KeychainVault.service(k), KeychainVault.account(k));
      return true;
    } catch (PasswordAccessException e) {
      return false;
    }
  }

  /** No file under the config folder holds the token in plain text. */
  private void assertNoFileHolds(Secret token) throws IOException {
    assertNoFileUnder(config, token);
  }

  static void assertNoFileUnder(Path folder, Secret token) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as("contents of %s", f)
            .doesNotContain(token.reveal());
      }
    }
  }
}
