package io.keyport.server.crypto;

import io.keyport.api.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets encrypted with AES-256-GCM under a key derived from the master key, so that their
 * owner can reveal them. Each box is bound to its app's client id (associated data), so a box
 * copied to another app's row does not open. Format: {@code v1:<base64 of 12-byte nonce ||
 * ciphertext+tag>}.
 */
public final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(MasterKey master) {
    this.key = new SecretKeySpec(master.derive("keyport/secret-box/v1"), "AES");
  }

  public String seal(Secret secret, String boundTo) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * The secret in {@code box}; {@link CannotOpen} if it was sealed under another key or for another
   * app.
   */
  public Secret open(String box, String boundTo) {
    if (box == null || !box.startsWith(PREFIX)) {
      throw new CannotOpen();
    }
    try {
      byte[] all = Base64.getDecoder().decode(box.substring(PREFIX.length()));
      if (all.length <= NONCE_BYTES) {
        throw new CannotOpen();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return Secret.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CannotOpen();
    }
  }

  /** A box that does not open under this server's master key. */
  public static final class CannotOpen extends RuntimeException {
    CannotOpen() {
      super("the secret box does not open under this master key", null, false, false);
    }
  }
}
