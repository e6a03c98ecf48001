package io.keyport.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key file, the secret box, the client-secret MAC and Argon2id password hashes. */
class CryptoTest {
  @TempDir Path dir;

  @Test
  void theMasterKeyFileIsCreatedOwnerOnlyAndReused() throws Exception {
    MasterKey first = MasterKey.load(null, dir);
    Path file = dir.resolve(MasterKey.FILE_NAME);
    assertThat(file).exists();
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    MasterKey second = MasterKey.load(null, dir);
    Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
    // The same key: a box sealed under the first opens under the second.
    assertThat(new SecretBox(second).open(new SecretBox(first).seal(secret, "client"), "client"))
        .isEqualTo(secret);
    assertThat(first.toString()).doesNotContain(Files.readString(file).strip());
  }

  @Test
  void aMasterKeyFileReadableByOthersIsMadeOwnerOnly() throws Exception {
    MasterKey.load(null, dir);
    Path file = dir.resolve(MasterKey.FILE_NAME);
    if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
      return;
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    MasterKey.load(null, dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void theEnvironmentVariableWinsAndMustBe32Bytes() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    MasterKey.load(key, dir);
    assertThat(dir.resolve(MasterKey.FILE_NAME)).doesNotExist();
    assertThatThrownBy(() -> MasterKey.load("c2hvcnQ=", dir)).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> MasterKey.load("not base64!!", dir)).hasMessageContaining("base64");
  }

  @Test
  void aBoxOpensOnlyUnderItsKeyAndForItsApp() {
    SecretBox box = new SecretBox(MasterKey.of(new byte[32]));
    Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
    String sealed = box.seal(secret, "app-a");
    assertThat(sealed).startsWith("v1:").doesNotContain(secret.reveal());
    assertThat(box.seal(secret, "app-a")).as("fresh nonce each time").isNotEqualTo(sealed);
    assertThat(box.open(sealed, "app-a")).isEqualTo(secret);
    assertThatThrownBy(() -> box.open(sealed, "app-b")).isInstanceOf(SecretBox.CannotOpen.class);
    byte[] other = new byte[32];
    other[0] = 1;
    assertThatThrownBy(() -> new SecretBox(MasterKey.of(other)).open(sealed, "app-a"))
        .isInstanceOf(SecretBox.CannotOpen.class);
    assertThatThrownBy(() -> box.open("v1:!!", "app-a")).isInstanceOf(SecretBox.CannotOpen.class);
  }

  @Test
  void theSecretMacMatchesOnlyItsSecretAndDependsOnTheKey() {
    SecretMac mac = new SecretMac(MasterKey.of(new byte[32]));
    Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
    String m = mac.mac(secret);
    assertThat(m).hasSize(64).doesNotContain(secret.reveal());
    assertThat(mac.matches(secret, m)).isTrue();
    assertThat(mac.matches(TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET), m)).isFalse();
    assertThat(mac.matches(secret, null)).isFalse();
    byte[] other = new byte[32];
    other[5] = 9;
    assertThat(new SecretMac(MasterKey.of(other)).mac(secret)).isNotEqualTo(m);
  }

  @Test
  void passwordsAreArgon2idAtOwaspParametersWithSaltInTheEncoding() {
    Passwords passwords = new Passwords();
    Secret password = Secret.of("correct horse battery staple");
    String hash = passwords.hash(password);
    assertThat(hash)
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .doesNotContain(password.reveal());
    assertThat(passwords.hash(password)).as("a fresh salt each time").isNotEqualTo(hash);
    assertThat(passwords.verify(password, hash)).isTrue();
    assertThat(passwords.verify(Secret.of("correct horse battery stapler"), hash)).isFalse();
    assertThat(passwords.verify(password, null)).isFalse();
    assertThat(passwords.verify(password, "$argon2id$garbage")).isFalse();
    assertThat(passwords.verify(password, "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA")).isFalse();
  }

  @Test
  void aTokensKeyIsItsTimeOfIssueAndItsHashNeverItsRandomPart() {
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    String value = token.reveal();
    String key = Hashing.tokenKey(token);
    assertThat(key).hasSize(64);
    assertThat(key).startsWith(value.substring(4, 4 + TokenFormat.TIME_LENGTH));
    assertThat(key.substring(TokenFormat.TIME_LENGTH))
        .isEqualTo(Hashing.sha256Hex(token).substring(0, 64 - TokenFormat.TIME_LENGTH));
    String random = value.substring(4 + TokenFormat.TIME_LENGTH, 4 + 30);
    for (int i = 0; i + 4 <= random.length(); i++) {
      assertThat(key).doesNotContain(random.substring(i, i + 4));
    }
    // Keys of tokens made later sort after.
    assertThat(Hashing.tokenKey(TokenFormat.generate(TokenFormat.Kind.APP)).substring(0, 7))
        .isGreaterThanOrEqualTo(key.substring(0, 7));
    // Anything without a prefix to take the time from is kept under its whole hash.
    assertThat(Hashing.tokenKey(Secret.of("x"))).isEqualTo(Hashing.sha256Hex(Secret.of("x")));
  }

  @Test
  void aCodesKeyIsItsTimeOfIssueAndItsHashAndACodeOfAnotherLengthItsWholeHash() {
    Secret code = TokenFormat.newCode();
    String key = Hashing.codeKey(code);
    assertThat(key).hasSize(64);
    assertThat(key).startsWith(code.reveal().substring(0, TokenFormat.TIME_LENGTH));
    assertThat(key.substring(TokenFormat.TIME_LENGTH))
        .isEqualTo(Hashing.sha256Hex(code).substring(0, 64 - TokenFormat.TIME_LENGTH));
    String random = code.reveal().substring(TokenFormat.TIME_LENGTH);
    for (int i = 0; i + 4 <= random.length(); i++) {
      assertThat(key).doesNotContain(random.substring(i, i + 4));
    }
    // A code as servers before issued them (43 random characters) was kept under its whole hash.
    Secret before = Secret.of(TokenFormat.randomBase62(43));
    assertThat(Hashing.codeKey(before)).isEqualTo(Hashing.sha256Hex(before));
  }
}
