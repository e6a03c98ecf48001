package io.keyport.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of inputs and the verdict of API.md's rules on them, run through {@link Rules} itself,
 * through the server over HTTP and through the desktop's live validation: all three must agree.
 * Values are as a text field holds them after the desktop strips them (names are stripped by the
 * rule itself, on both ends).
 */
public final class RulesTable {
  private RulesTable() {}

  /** The field of "Create an App" a row is typed into. */
  public enum Input {
    NAME(Rules.NAME),
    WEBSITE(Rules.WEBSITE),
    CALLBACK(Rules.CALLBACK_URLS + "[0]");

    /** The field the server names when it refuses the value (the only callback URL is item 0). */
    public final String wireField;

    Input(String wireField) {
      this.wireField = wireField;
    }
  }

  /** {@code valid}: whether the rules let {@code value} through. */
  public record Row(Input input, String value, boolean valid) {
    @Override
    public String toString() {
      return input + " " + escaped(value) + (valid ? " ok" : " refused");
    }
  }

  public static final List<Row> ROWS = rows();

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    ok(
        rows,
        Input.NAME,
        "Weather Bot",
        "x".repeat(64),
        "Ünïcødé 名前",
        "\uD83D\uDE80".repeat(64),
        "  Padded  ",
        "Café",
        "ＦＵＬＬ");
    bad(
        rows,
        Input.NAME,
        "",
        "   ",
        "x".repeat(65),
        "\uD83D\uDE80".repeat(65),
        "bad\u0007name",
        "two\nlines",
        "tab\there",
        "line\u2028sep",
        "zero\u200Bwidth",
        "join\u200Dme",
        "bidi\u202Eoverride",
        "soft\u00ADhyphen",
        "lone\uD800",
        "reversed\uDC00\uD800");
    ok(
        rows,
        Input.WEBSITE,
        "https://example.com",
        "http://example.com/about",
        "https://example.com:8443/x?y=1",
        "HTTPS://EXAMPLE.COM",
        "http://localhost:8000");
    bad(
        rows,
        Input.WEBSITE,
        "",
        "example.com",
        "ftp://example.com",
        "/relative",
        "https://ex ample.com",
        "https://example.com/" + "a".repeat(2030),
        "https://localhost:8000@evil.example/cb",
        "https://user@example.com",
        "https://user:pw@example.com/",
        "mailto:me@example.com",
        "https://",
        "https://exa\uD800mple.com");
    ok(
        rows,
        Input.CALLBACK,
        "http://localhost:8000",
        "http://127.0.0.1:9000/cb",
        "http://[::1]:80/x",
        "https://example.com/cb",
        "HTTP://LOCALHOST:8000",
        "https://example.com/cb?x=1",
        "http://localhost:8000/",
        "HTTPS://Example.com:443/cb/");
    bad(
        rows,
        Input.CALLBACK,
        "",
        "http://example.com/cb",
        "https://example.com/cb#frag",
        "https://example.com/cb#",
        "myapp://cb",
        "/relative",
        "https://localhost:8000@evil.example/cb",
        "http://localhost:8000@evil.example/cb",
        "http://user@localhost:8000/cb",
        "http://[::2]/cb",
        "http://localhost.evil.example/cb",
        "example.com/cb",
        "localhost:8000/cb",
        "com.example.app:/oauth",
        "user:pw@example.com/cb",
        "https://example.com/" + "a".repeat(2030));
    return List.copyOf(rows);
  }

  private static void ok(List<Row> rows, Input input, String... values) {
    for (String v : values) {
      rows.add(new Row(input, v, true));
    }
  }

  private static void bad(List<Row> rows, Input input, String... values) {
    for (String v : values) {
      rows.add(new Row(input, v, false));
    }
  }

  /**
   * {@code s} as a JSON string literal with everything outside printable ASCII escaped (lone
   * surrogates too).
   */
  public static String jsonString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20 || ch > 0x7e) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    return out.append('"').toString();
  }

  private static String escaped(String s) {
    String json = jsonString(s);
    return json.length() > 60 ? json.substring(0, 40) + "…(" + s.length() + " chars)" : json;
  }
}
