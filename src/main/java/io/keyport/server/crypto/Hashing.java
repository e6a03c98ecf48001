package io.keyport.server.crypto;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of tokens, and the key the tokens table finds a token by instead of keeping it. */
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

  /**
   * The key the tokens table finds a token by: the token's first {@link TokenFormat#TIME_LENGTH}
   * characters after its prefix (when it was made: no secret) and then the first 57 hex digits of
   * its SHA-256 (228 bits), 64 characters in all. Keys of tokens made one after another sort
   * together, so the index takes each new one at its right edge. A token made before keys had this
   * form is kept under its whole SHA-256 ({@link #sha256Hex}): a lookup tries both.
   */
  public static String tokenKey(Secret token) {
    return tokenKey(token, sha256Hex(token));
  }

  /** As {@link #tokenKey(Secret)}, given the token's {@link #sha256Hex}. */
  public static String tokenKey(Secret token, String hash) {
    String value = token.reveal();
    int start = value.indexOf('_') + 1;
    if (start == 0 || value.length() < start + TokenFormat.TIME_LENGTH) {
      return hash;
    }
    return value.substring(start, start + TokenFormat.TIME_LENGTH)
        + hash.substring(0, hash.length() - TokenFormat.TIME_LENGTH);
  }

  public static String sha256Hex(Secret token) {
    return HexFormat.of()
        .formatHex(SHA256.get().digest(token.reveal().getBytes(StandardCharsets.UTF_8)));
  }
}
