package io.keyport.server.crypto;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of tokens, and the keys the tokens and auth_codes tables find a token or a code by
 * instead of keeping it.
 */
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
    return timeOrderedKey(value, start, hash);
  }

  /**
   * The key the auth_codes table finds a code by, as {@link #tokenKey(Secret)} for a token: its
   * first {@link TokenFormat#TIME_LENGTH} characters and 57 hex digits of its SHA-256. A code of
   * another length than {@link TokenFormat#CODE_LENGTH} (one made before codes began with their
   * time, or anything else a client sends) is looked up by its whole SHA-256, as it was kept.
   */
  public static String codeKey(Secret code) {
    String hash = sha256Hex(code);
    String value = code.reveal();
    return value.length() == TokenFormat.CODE_LENGTH ? timeOrderedKey(value, 0, hash) : hash;
  }

  private static String timeOrderedKey(String value, int start, String hash) {
    return value.substring(start, start + TokenFormat.TIME_LENGTH)
        + hash.substring(0, hash.length() - TokenFormat.TIME_LENGTH);
  }

  public static String sha256Hex(Secret token) {
    return HexFormat.of()
        .formatHex(SHA256.get().digest(token.reveal().getBytes(StandardCharsets.UTF_8)));
  }
}
