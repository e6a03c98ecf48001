package io.keyport.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** A PKCE pair for tests of web sign-in (RFC 7636): the verifier, and its S256 challenge. */
public record Pkce(String verifier, String challenge) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh verifier of 43 base64url characters and its challenge. */
  public static Pkce fresh() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return of(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
  }

  public static Pkce of(String verifier) {
    return new Pkce(verifier, challengeOf(verifier));
  }

  /** BASE64URL(SHA-256(verifier)). */
  public static String challengeOf(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
