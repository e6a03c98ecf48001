package io.keyport.desktop.signin;

import io.keyport.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One sign-in attempt's secrets: the {@code state} that ties the redirect to this attempt, and the
 * PKCE pair (RFC 7636, S256): the verifier stays here until the code exchange, the challenge goes
 * into the authorize URL. Both secrets are {@link Secret}s, so the record prints masked.
 */
public record Pkce(Secret state, Secret verifier, String challenge) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  /** A fresh state (128 bits) and verifier (256 bits, 43 base64url characters). */
  public static Pkce generate() {
    return generate(RANDOM);
  }

  static Pkce generate(SecureRandom random) {
    Secret verifier = Secret.of(randomBase64Url(random, 32));
    return new Pkce(Secret.of(randomBase64Url(random, 16)), verifier, challengeOf(verifier));
  }

  /** S256: base64url(SHA-256(ASCII(verifier))) without padding. */
  public static String challengeOf(Secret verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(verifier.reveal().getBytes(StandardCharsets.US_ASCII));
      return URL.encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private static String randomBase64Url(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return URL.encodeToString(b);
  }

  @Override
  public String toString() {
    return "Pkce[state=****, verifier=****, method=S256]";
  }
}
