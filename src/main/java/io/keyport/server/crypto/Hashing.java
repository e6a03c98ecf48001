package io.keyport.server.crypto;

import io.keyport.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of tokens: what the tokens table keeps instead of the token. */
public final class Hashing {
  // A digest per thread, as getting one per call (a provider lookup, a new SHA-256 state) was a
  // good part of what hashing the token of every request allocated; digest() resets it.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
          });

  private Hashing() {}

  public static String sha256Hex(Secret token) {
    return HexFormat.of()
        .formatHex(SHA256.get().digest(token.reveal().getBytes(StandardCharsets.UTF_8)));
  }
}
