package io.keyport.server.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The validation rules of API.md; each refusal is {@code invalid-request} naming the field and the rule. */
public final class Rules {
  private Rules() {}

  static final int NAME_MAX = 64;
  static final int URL_MAX = 2048;
  static final int CALLBACKS_MAX = 16;
  static final int PASSWORD_MIN = 10;
  static final int PASSWORD_MAX = 1024;
  static final int DISPLAY_NAME_MAX = 200;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_]{1,20}");

  /** An app name: 1–64 characters after trimming, no control characters. Returns it trimmed. */
  public static String appName(String field, String value) {
    if (value == null) {
      throw ApiFailure.invalid(field, "is required");
    }
    String name = value.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > NAME_MAX) {
      throw ApiFailure.invalid(field, "must be 1 to " + NAME_MAX + " characters after trimming");
    }
    if (hasControl(name)) {
      throw ApiFailure.invalid(field, "must not contain control characters");
    }
    return name;
  }

  /** What makes two app names the same for one owner: the name case-folded. */
  public static String nameKey(String name) {
    return name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /** A website: an absolute http or https URL of at most 2048 characters. */
  public static String website(String field, String value) {
    if (value == null) {
      throw ApiFailure.invalid(field, "is required");
    }
    URI uri = absoluteUrl(field, value);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw ApiFailure.invalid(field, "must be an http or https URL");
    }
    return value;
  }

  /**
   * Callback URLs: 1–16, each absolute, at most 2048 characters, no fragment; https, or http only
   * for loopback hosts (RFC 8252); no duplicates.
   */
  public static List<String> callbackUrls(String field, List<String> values) {
    if (values == null) {
      throw ApiFailure.invalid(field, "is required: a list of 1 to " + CALLBACKS_MAX + " URLs");
    }
    if (values.isEmpty() || values.size() > CALLBACKS_MAX) {
      throw ApiFailure.invalid(field, "must hold 1 to " + CALLBACKS_MAX + " URLs");
    }
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String item = field + "[" + i + "]";
      String value = values.get(i);
      if (value == null) {
        throw ApiFailure.invalid(item, "must be a URL, not null");
      }
      URI uri = absoluteUrl(item, value);
      if (uri.getRawFragment() != null || value.contains("#")) {
        throw ApiFailure.invalid(item, "must not have a fragment (#…)");
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("http")) {
        if (!isLoopback(uri.getHost())) {
          throw ApiFailure.invalid(item,
              "must use https; http is allowed only for localhost, 127.0.0.1 and [::1]");
        }
      } else if (!scheme.equals("https")) {
        throw ApiFailure.invalid(item, "must be an https URL (or http on a loopback host)");
      }
      if (!seen.add(value)) {
        throw ApiFailure.invalid(item, "is a duplicate");
      }
      out.add(value);
    }
    return out;
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
  }

  /** A username: 1–20 of [a-z0-9_]. */
  public static String username(String field, String value) {
    if (value == null) {
      throw ApiFailure.invalid(field, "is required");
    }
    if (!USERNAME.matcher(value).matches()) {
      throw ApiFailure.invalid(field, "must be 1 to 20 of a-z, 0-9 and _");
    }
    return value;
  }

  public static boolean isUsername(String value) {
    return value != null && USERNAME.matcher(value).matches();
  }

  /** A password: 10–1024 characters. The message never echoes it. */
  public static void password(String field, String value) {
    if (value == null) {
      throw ApiFailure.invalid(field, "is required");
    }
    int length = value.codePointCount(0, value.length());
    if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
      throw ApiFailure.invalid(field, "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
    }
  }

  /** A display name: optional; trimmed, at most 200 characters, no control characters. */
  public static String displayName(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String name = value.strip();
    if (name.codePointCount(0, name.length()) > DISPLAY_NAME_MAX) {
      throw ApiFailure.invalid(field, "must be at most " + DISPLAY_NAME_MAX + " characters");
    }
    if (hasControl(name)) {
      throw ApiFailure.invalid(field, "must not contain control characters");
    }
    return name;
  }

  private static URI absoluteUrl(String field, String value) {
    if (value.length() > URL_MAX) {
      throw ApiFailure.invalid(field, "must be at most " + URL_MAX + " characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw ApiFailure.invalid(field, "must be a valid absolute URL");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw ApiFailure.invalid(field, "must be an absolute URL with a host, like https://example.com");
    }
    return uri;
  }

  private static boolean hasControl(String s) {
    return s.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL
        || cp == 0x2028 || cp == 0x2029);
  }
}
