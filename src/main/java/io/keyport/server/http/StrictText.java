package io.keyport.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request text decoded strictly: bytes that are not UTF-8 (overlong forms like {@code C0 AF} for
 * "/", CESU-8 surrogate bytes, truncated sequences) are refused rather than turned into another
 * character or U+FFFD. Jackson's own UTF-8 reader decodes overlong forms, so bodies go through here
 * first.
 */
final class StrictText {
  /**
   * What {@link #utf8Marked} puts where the bytes were not UTF-8: a surrogate no valid text holds
   * alone.
   */
  static final String MARK = "\uDBFF";

  private StrictText() {}

  /**
   * {@code bytes} as UTF-8, each sequence that is not UTF-8 replaced by {@link #MARK}: the JSON
   * parser still finds the field it is in, and the check for unpaired surrogates refuses it by
   * name.
   */
  static String utf8Marked(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .replaceWith(MARK)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not throw", e);
    }
  }

  /** {@code bytes} as UTF-8; throws when they are not exactly that. */
  static String utf8(byte[] bytes) throws CharacterCodingException {
    if (isAscii(bytes)) { // a form or a JSON body nearly always: one copy instead of three
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * One application/x-www-form-urlencoded name or value: {@code +} is a space, {@code %XX} a byte,
   * and the bytes must be UTF-8. Throws {@link IllegalArgumentException} for a broken escape and
   * {@link CharacterCodingException} for bytes that are not UTF-8.
   */
  static String formDecode(String encoded) throws CharacterCodingException {
    if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char ch = encoded.charAt(i);
      if (ch == '+') {
        bytes.write(' ');
      } else if (ch == '%') {
        if (i + 2 >= encoded.length()) {
          throw new IllegalArgumentException("truncated escape");
        }
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad escape");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        int cp = encoded.codePointAt(i);
        byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        i += Character.charCount(cp) - 1;
      }
    }
    return utf8(bytes.toByteArray());
  }
}
