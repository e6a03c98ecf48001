package io.keyport.cli;

import io.keyport.api.TokenFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds Keyport tokens and client secrets in bytes: {@code kp} + {@code u|a|s} + {@code _} + 36
 * base62 characters, standing alone (no base62 character or {@code _} just before or after), whose
 * last six characters are the CRC32 of the thirty before ({@link TokenFormat}). A look-alike with a
 * wrong checksum is not a finding. A hand-written matcher over the raw bytes: no regex, no
 * decoding.
 */
final class TokenScanner {
  /** {@code kpu_} + 30 + 6. */
  static final int TOKEN_LENGTH = 40;

  /** A file with a NUL byte in its first 8 KiB is binary and skipped. */
  static final int BINARY_PROBE = 8192;

  private static final int CHUNK = 1 << 20;
  private static final boolean[] BASE62 = new boolean[256];

  static {
    for (char c = '0'; c <= '9'; c++) {
      BASE62[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      BASE62[c] = true;
      BASE62[c + ('a' - 'A')] = true;
    }
  }

  private TokenScanner() {}

  /** One token found: where, and only enough of it to recognise it (prefix and last four). */
  record Finding(String file, long line, long column, String prefix, String last4) {
    String show() {
      return file + ":" + line + ":" + column + " " + prefix + "_…" + last4;
    }
  }

  /** Receives each token at its byte offset within the scanned region. */
  interface Sink {
    void found(int offset, String token);
  }

  /**
   * Reports every token starting in {@code b[from, scanTo)}; bytes up to {@code end} may be looked
   * at (a token's tail and the byte after it), and the byte before {@code from}.
   */
  static void scan(byte[] b, int from, int scanTo, int end, Sink sink) {
    int last = Math.min(scanTo, end - TOKEN_LENGTH + 1);
    for (int i = from; i < last; i++) {
      if (b[i] != 'k' || b[i + 1] != 'p' || b[i + 3] != '_') {
        continue;
      }
      byte kind = b[i + 2];
      if (kind != 'u' && kind != 'a' && kind != 's') {
        continue;
      }
      if (i > 0 && standsIn(b[i - 1])) {
        continue;
      }
      int after = i + TOKEN_LENGTH;
      if (after < end && standsIn(b[after])) {
        continue;
      }
      boolean body = true;
      for (int j = i + 4; j < after; j++) {
        if (!BASE62[b[j] & 0xff]) {
          body = false;
          break;
        }
      }
      if (!body) {
        continue;
      }
      String token = new String(b, i, TOKEN_LENGTH, StandardCharsets.US_ASCII);
      if (TokenFormat.kindOf(token) != null) {
        sink.found(i, token);
      }
    }
  }

  private static boolean standsIn(byte c) {
    return BASE62[c & 0xff] || c == '_';
  }

  /** The findings in one line of text (a staged diff's added line), columns counted from 1. */
  static void scanLine(String file, long lineNumber, String text, List<Finding> out) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    scan(
        b,
        0,
        b.length,
        b.length,
        (offset, token) -> out.add(finding(file, lineNumber, offset + 1, token)));
  }

  /**
   * The findings in a file, read in 1 MiB chunks (a token across a chunk boundary is still found);
   * none for a binary file. {@code shown} is the name findings carry.
   */
  static List<Finding> scanFile(Path path, String shown) throws IOException {
    List<Finding> found = new ArrayList<>();
    byte[] b = BUFFER.get();
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      int filled = 0;
      boolean eof = false;
      long base = 0; // file offset of b[0]
      long line = 1;
      long lineStart = 0; // file offset where the current line starts
      boolean first = true;
      int from = 0; // b[0, from) was scanned already: kept only as the byte before a token
      while (!eof) {
        ByteBuffer into = ByteBuffer.wrap(b, filled, b.length - filled);
        while (into.hasRemaining()) {
          if (in.read(into) < 0) {
            eof = true;
            break;
          }
        }
        int end = into.position();
        if (first) {
          first = false;
          int probe = Math.min(end, BINARY_PROBE);
          for (int i = 0; i < probe; i++) {
            if (b[i] == 0) {
              return List.of();
            }
          }
        }
        // Tokens starting before scanTo are whole in this chunk; the rest carries over.
        int scanTo = eof ? end : Math.max(0, end - TOKEN_LENGTH);
        List<int[]> hits = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        scan(
            b,
            from,
            scanTo,
            end,
            (offset, token) -> {
              hits.add(new int[] {offset});
              tokens.add(token);
            });
        int counted = from;
        for (int h = 0; h < hits.size(); h++) {
          int at = hits.get(h)[0];
          for (int i = counted; i < at; i++) {
            if (b[i] == '\n') {
              line++;
              lineStart = base + i + 1;
            }
          }
          counted = at;
          found.add(finding(shown, line, base + at - lineStart + 1, tokens.get(h)));
        }
        for (int i = counted; i < scanTo; i++) {
          if (b[i] == '\n') {
            line++;
            lineStart = base + i + 1;
          }
        }
        int keepFrom = Math.max(0, scanTo - 1);
        System.arraycopy(b, keepFrom, b, 0, end - keepFrom);
        base += keepFrom;
        filled = end - keepFrom;
        from = scanTo - keepFrom;
      }
    }
    return found;
  }

  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);

  private static Finding finding(String file, long line, long column, String token) {
    return new Finding(
        file, line, column, token.substring(0, 3), token.substring(TOKEN_LENGTH - 4));
  }
}
