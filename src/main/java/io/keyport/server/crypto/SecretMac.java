package io.keyport.server.crypto;

import io.keyport.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifying client secrets: HMAC-SHA256 under a server key derived from the master key. A client
 * secret is 178 bits of randomness, so a fast keyed hash is enough (a password hash would only slow
 * every client-credentials grant down); the key means a stolen database alone cannot even test
 * guesses. Comparison is constant-time.
 */
public final class SecretMac {
  private final SecretKeySpec key;
  // A Mac keyed once per thread: getting and keying one per call was most of what verifying a
  // client secret allocated (a provider lookup, two digests, the pads); doFinal resets it.
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public SecretMac(MasterKey master) {
    this.key = new SecretKeySpec(master.derive("keyport/client-secret-mac/v1"), "HmacSHA256");
  }

  public String mac(Secret secret) {
    return HexFormat.of()
        .formatHex(macs.get().doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Whether two MACs are the same, compared in constant time; null never matches. */
  public static boolean same(String actualMac, String expectedMac) {
    byte[] actual = (actualMac == null ? "" : actualMac).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = (expectedMac == null ? "" : expectedMac).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(actual, expected) && actualMac != null && expectedMac != null;
  }

  /** Whether {@code secret} is the one {@code expectedMac} was made of; null never matches. */
  public boolean matches(Secret secret, String expectedMac) {
    byte[] actual = mac(secret).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = (expectedMac == null ? "" : expectedMac).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(actual, expected) && expectedMac != null;
  }
}
