package io.keyport.api;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Secret-scanning friendly tokens after GitHub's format: {@code <prefix>_<30 base62><6 base62 of
 * the CRC32 of the random part>}. The checksum lets a malformed token be refused before any lookup.
 */
public final class TokenFormat {
  private TokenFormat() {}

  public enum Kind {
    USER("kpu"),
    APP("kpa"),
    CLIENT_SECRET("kps");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  private static final Kind[] KINDS = Kind.values();
  static final int RANDOM_LENGTH = 30;
  static final int CHECKSUM_LENGTH = 6;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * How many of a token's (not a client secret's) 30 characters after the prefix are the
   * millisecond it was made, in base62, so that tokens made one after another sort together: the
   * server finds a token by a key that starts with them ({@code Hashing.tokenKey}), and a B-tree
   * index of keys in the order they are made takes each insert at its right edge, where a random
   * key dirties a page of its own. The other 23 characters are random: 136 bits.
   */
  public static final int TIME_LENGTH = 7;

  public static Secret generate(Kind kind) {
    String random =
        kind == Kind.CLIENT_SECRET
            ? randomBase62(RANDOM_LENGTH)
            : timeOrdered(RANDOM_LENGTH - TIME_LENGTH);
    return Secret.of(kind.prefix() + "_" + random + checksum(random));
  }

  /**
   * How long an authorization code is: {@link #TIME_LENGTH} characters of the millisecond it was
   * made (for the same reason as a token's), then 43 random ones (256 bits). Codes made before were
   * 43 random characters.
   */
  public static final int CODE_LENGTH = TIME_LENGTH + 43;

  /** A new authorization code ({@link #CODE_LENGTH}). */
  public static Secret newCode() {
    return Secret.of(timeOrdered(CODE_LENGTH - TIME_LENGTH));
  }

  /** Now's millisecond in {@link #TIME_LENGTH} base62 digits, then {@code random} random ones. */
  private static String timeOrdered(int random) {
    return base62(System.currentTimeMillis(), TIME_LENGTH) + randomBase62(random);
  }

  /** {@code value} in {@code length} base62 digits, most significant first (62^7 ms: to 2081). */
  static String base62(long value, int length) {
    char[] out = new char[length];
    for (int i = length - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(out);
  }

  /**
   * Anything shaped like a Keyport token or client secret: a prefix, {@code _}, and a run of at
   * least 8 base62 characters (a whole one has 36; a cut-off one still gives most of it away).
   */
  private static final Pattern TOKEN_SHAPED = Pattern.compile("(?i)(kpu|kpa|kps)_[0-9a-z]{8,}");

  /**
   * {@code text} with everything shaped like a Keyport token or client secret cut to its prefix and
   * last four ({@code kpu_…AbCd}), as the desktop shows tokens: the one redaction for every path,
   * value or message the server logs or echoes. Null stays null.
   */
  public static String redact(String text) {
    if (text == null || text.length() < 12 || text.indexOf('_') < 0) {
      return text; // no room for a token, or no "_": the log line of nearly every request
    }
    Matcher m = TOKEN_SHAPED.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String token = m.group();
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + "_…" + token.substring(token.length() - 4)));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** 32 random base62 characters: a client id. */
  public static String newClientId() {
    return randomBase62(32);
  }

  /**
   * {@code length} random base62 characters, from one call to the shared {@link SecureRandom} (a
   * call per character took its lock and, on Linux, mixed a SHA-1 state each time: 43 for a code).
   * A byte below 248 (4 × 62) gives a character, so every one is equally likely; the others are
   * skipped.
   */
  public static String randomBase62(int length) {
    char[] out = new char[length];
    byte[] random = new byte[length + length / 8 + 8];
    int filled = 0;
    while (filled < length) {
      RANDOM.nextBytes(random);
      for (int i = 0; i < random.length && filled < length; i++) {
        int b = random[i] & 0xff;
        if (b < 248) {
          out[filled++] = BASE62.charAt(b % 62);
        }
      }
    }
    return new String(out);
  }

  /**
   * True when the token has the kind's prefix, the right length, base62 body and a matching
   * checksum.
   */
  public static boolean isWellFormed(String token, Kind kind) {
    if (token == null) {
      return false;
    }
    // Read in place, nothing allocated but the CRC: every authenticated request checks its token.
    String prefix = kind.prefix();
    int random = prefix.length() + 1;
    int checksum = random + RANDOM_LENGTH;
    if (token.length() != checksum + CHECKSUM_LENGTH
        || !token.startsWith(prefix)
        || token.charAt(prefix.length()) != '_') {
      return false;
    }
    CRC32 crc = new CRC32();
    for (int i = random; i < token.length(); i++) {
      char ch = token.charAt(i);
      if (BASE62.indexOf(ch) < 0) {
        return false;
      }
      if (i < checksum) {
        crc.update(ch); // base62 is ASCII: the char is its byte
      }
    }
    long value = crc.getValue();
    for (int i = token.length() - 1; i >= checksum; i--) {
      if (token.charAt(i) != BASE62.charAt((int) (value % 62))) {
        return false;
      }
      value /= 62;
    }
    return true;
  }

  /** The kind a well-formed token is of, or null. */
  public static Kind kindOf(String token) {
    for (Kind kind : KINDS) {
      if (isWellFormed(token, kind)) {
        return kind;
      }
    }
    return null;
  }

  static String checksum(String random) {
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    return base62(crc.getValue(), CHECKSUM_LENGTH);
  }
}
