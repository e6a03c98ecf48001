package io.keyport.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validation rules of API.md, once: the server refuses what they refuse ({@code
 * invalid-request} naming {@link Problem#field()}), the desktop shows their message beside the
 * field as the user types, and the client checks a server URL with them. Pure functions; the value
 * is judged exactly as given (the desktop strips what was typed first; a name is judged and kept
 * trimmed on both ends).
 */
public final class Rules {
  public static final int NAME_MAX = 64;
  public static final int URL_MAX = 2048;
  public static final int CALLBACKS_MAX = 16;
  public static final int PASSWORD_MIN = 10;
  public static final int PASSWORD_MAX = 1024;
  public static final int DISPLAY_NAME_MAX = 200;
  public static final String NAME = "name";
  public static final String WEBSITE = "website";
  public static final String CALLBACK_URLS = "callback_urls";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String CURRENT_PASSWORD = "current_password";
  public static final String SERVER_URL = "server_url";
  public static final int POST_TEXT_MAX = 256;
  public static final int MESSAGE_TEXT_MAX = 2048;
  public static final int SUBJECT_MAX = 256;
  public static final int TITLE_MAX = 256;
  public static final int DESCRIPTION_MAX = 2048;
  public static final int ANNOTATION_TYPE_MAX = 256;
  public static final int ANNOTATION_VALUE_MAX_BYTES = 8 * 1024;
  public static final int ANNOTATIONS_MAX = 16;
  public static final String TEXT = "text";
  public static final String ANNOTATIONS = "annotations";
  private static final Pattern REVERSE_DOMAIN =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)+");
  private static final Pattern USERNAME_PATTERN = Pattern.compile("[a-z0-9_]{1,20}");

  /** {@code myapp:…}: a scheme, not {@code host:port}. */
  private static final Pattern SCHEME_ONLY = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(?![0-9])");

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private Rules() {}

  /**
   * An app name: 1–64 characters after trimming; no control characters, no invisible format
   * characters.
   */
  public static Optional<Problem> appName(String value) {
    if (value == null) {
      return problem(NAME, "Give the app a name.");
    }
    String name = value.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1) {
      return problem(NAME, "Give the app a name.");
    }
    Optional<Problem> text = text(NAME, name);
    if (text.isPresent()) {
      return text;
    }
    if (length > NAME_MAX) {
      return problem(NAME, "At most " + NAME_MAX + " characters.");
    }
    if (hasControl(name)) {
      return problem(NAME, "No control characters (tabs, line breaks).");
    }
    // Zero-width spaces and joiners, bidi overrides…: a name that looks like another one.
    if (name.codePoints().anyMatch(cp -> Character.getType(cp) == Character.FORMAT)) {
      return problem(NAME, "No invisible characters (zero-width spaces, direction marks).");
    }
    return Optional.empty();
  }

  /**
   * What makes two app names of one owner the same: NFKC (composed and decomposed "Café",
   * full-width letters) and case folding.
   */
  public static String nameKey(String name) {
    String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
    String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return Normalizer.normalize(folded, Normalizer.Form.NFKC);
  }

  /**
   * A website: an absolute http or https URL with a host, at most 2048 characters, no user part.
   */
  public static Optional<Problem> website(String value) {
    if (value == null || value.isEmpty()) {
      return problem(WEBSITE, "Enter the website most closely related to this app.");
    }
    return httpUrl(WEBSITE, value);
  }

  /**
   * One callback URL: absolute, at most 2048 characters, no user part, no fragment; https, or http
   * only on a loopback host (RFC 8252: localhost, 127.0.0.1, [::1]). A refusal says why and what to
   * write instead; what is accepted but could be better is {@link CallbackAdvice}'s.
   */
  public static Optional<Problem> callbackUrl(String field, String value) {
    if (value == null || value.isEmpty()) {
      return problem(field, "Enter a callback URL, e.g. http://127.0.0.1:8000/callback.");
    }
    if (!value.contains("://") && !value.startsWith("/") && text(field, value).isEmpty()) {
      Matcher scheme = SCHEME_ONLY.matcher(value);
      if (scheme.lookingAt() && !scheme.group(1).matches("(?i)https?")) {
        return problem(field, CUSTOM_SCHEME);
      }
      String host = value.split("[:/?]", 2)[0];
      // never echo what may be user:password@host
      return problem(
          field,
          "A callback URL starts with https:// (or http:// for loopback)"
              + (value.contains("@") || value.contains("#") || value.contains(" ")
                  ? "."
                  : " — use " + (isLoopback(host) ? "http://" : "https://") + value));
    }
    Optional<Problem> url = httpUrl(field, value);
    if (url.isPresent()) {
      URI uri = parsed(value);
      String scheme = uri == null ? null : uri.getScheme();
      if (scheme != null && !scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
        return problem(field, CUSTOM_SCHEME);
      }
      return url;
    }
    URI uri = URI.create(value);
    if (uri.getRawFragment() != null || value.contains("#")) {
      return problem(
          field,
          "A callback URL cannot have a #fragment: the code comes back in the query"
              + " (RFC 6749 §3.1.2) — use "
              + value.substring(0, value.indexOf('#')));
    }
    if (uri.getScheme().equalsIgnoreCase("http") && !isLoopback(uri.getHost())) {
      return problem(
          field,
          "http is allowed only for loopback hosts (127.0.0.1, [::1], localhost) — use https"
              + value.substring(uri.getScheme().length()));
    }
    return Optional.empty();
  }

  private static final String CUSTOM_SCHEME =
      "Only https and loopback http callbacks are supported, not custom schemes — use"
          + " https://your.domain/callback, or http://127.0.0.1:PORT/callback for a native app"
          + " (RFC 8252).";

  /** {@code value} as a URI, or null when it is not one. */
  static URI parsed(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Callback URLs: 1–16, each a {@link #callbackUrl}, no duplicates. */
  public static Optional<Problem> callbackUrls(List<String> values) {
    if (values == null || values.isEmpty()) {
      return problem(CALLBACK_URLS, "Add at least one callback URL.");
    }
    if (values.size() > CALLBACKS_MAX) {
      return problem(CALLBACK_URLS, "At most " + CALLBACKS_MAX + " callback URLs.");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String field = CALLBACK_URLS + "[" + i + "]";
      Optional<Problem> one = callbackUrl(field, values.get(i));
      if (one.isPresent()) {
        return one;
      }
      if (!seen.add(values.get(i))) {
        return problem(field, "This URL is in the list twice.");
      }
    }
    return Optional.empty();
  }

  /**
   * Exact string match with a registered callback URL, except that for an http loopback URL the
   * port may differ (RFC 8252 §7.3): scheme, host, path and query still match exactly. The server
   * matches redirect URIs with this, and the desktop explains a mismatch with it.
   */
  public static boolean redirectMatches(String registered, String requested) {
    if (registered.equals(requested)) {
      return true;
    }
    URI reg;
    URI req;
    try {
      reg = new URI(registered);
      req = new URI(requested);
    } catch (URISyntaxException e) {
      return false;
    }
    if (!"http".equals(reg.getScheme())
        || !isLoopback(reg.getHost())
        || req.isOpaque()
        || reg.isOpaque()) {
      return false;
    }
    return "http".equals(req.getScheme())
        && req.getRawUserInfo() == null
        && reg.getRawUserInfo() == null
        && Objects.equals(reg.getHost(), req.getHost())
        && Objects.equals(reg.getRawPath(), req.getRawPath())
        && Objects.equals(reg.getRawQuery(), req.getRawQuery())
        && req.getRawFragment() == null
        && req.getRawAuthority() != null
        && req.getRawAuthority().equals(authority(req));
  }

  /**
   * host[:port] as it should read: rules out odd authorities (user info, empty port) slipping
   * through.
   */
  private static String authority(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** A loopback host as {@link URI#getHost()} gives it. */
  public static boolean isLoopback(String host) {
    return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
  }

  /** A username: 1–20 of [a-z0-9_]. */
  public static Optional<Problem> username(String value) {
    if (value == null || value.isEmpty()) {
      return problem(USERNAME, "Choose a username.");
    }
    if (!USERNAME_PATTERN.matcher(value).matches()) {
      return problem(USERNAME, "Use 1 to 20 of a-z, 0-9 and _.");
    }
    return Optional.empty();
  }

  /** A password: 10–1024 characters. The message never quotes it. */
  public static Optional<Problem> password(String value) {
    if (value == null) {
      return problem(PASSWORD, "Choose a password.");
    }
    Optional<Problem> text = text(PASSWORD, value);
    if (text.isPresent()) {
      return text;
    }
    int length = value.codePointCount(0, value.length());
    if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
      return problem(PASSWORD, "Use " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters.");
    }
    return Optional.empty();
  }

  /**
   * A display name: optional (null or blank means none); at most 200 characters after trimming, no
   * control characters.
   */
  public static Optional<Problem> displayName(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String name = value.strip();
    Optional<Problem> text = text(field, name);
    if (text.isPresent()) {
      return text;
    }
    if (name.codePointCount(0, name.length()) > DISPLAY_NAME_MAX) {
      return problem(field, "At most " + DISPLAY_NAME_MAX + " characters.");
    }
    if (hasControl(name)) {
      return problem(field, "No control characters (tabs, line breaks).");
    }
    return Optional.empty();
  }

  /**
   * A Keyport server's URL as given (trailing slashes allowed): http or https, a host, no user part
   * (a password in a URL), no query or fragment (places secrets end up in logs).
   */
  public static Optional<Problem> serverUrl(String value) {
    if (value == null || value.isBlank()) {
      return problem(SERVER_URL, "Enter the team server's URL, e.g. https://keyport.example.com");
    }
    if (!value.contains("://")) {
      // never echo what may be user:password@host
      return problem(
          SERVER_URL,
          "The URL needs http:// or https:// in front"
              + (value.contains("@") ? "." : ", e.g. https://" + value));
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return problem(SERVER_URL, "That is not a URL: " + e.getReason() + ".");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      return problem(SERVER_URL, "The URL must start with http:// or https:// and name a host.");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      return problem(SERVER_URL, "The server URL takes no user, query or fragment.");
    }
    return Optional.empty();
  }

  /** A post's text: 1–256 characters (not all blank), valid Unicode. */
  public static Optional<Problem> postText(String value) {
    return requiredText(TEXT, value, POST_TEXT_MAX, "Write something to post.");
  }

  /** A message's text: at most 2048 characters; required unless {@code optional} (a broadcast). */
  public static Optional<Problem> messageText(String value, boolean optional) {
    if (optional && (value == null || value.isEmpty())) {
      return Optional.empty();
    }
    return requiredText(TEXT, value, MESSAGE_TEXT_MAX, "Write the message.");
  }

  /** A broadcast's subject: 1–256 characters, not blank, no line breaks. */
  public static Optional<Problem> subject(String field, String value) {
    return singleLine(field, value, SUBJECT_MAX, "Give the broadcast a subject.");
  }

  /** A broadcast channel's title: 1–256 characters, not blank, no line breaks. */
  public static Optional<Problem> channelTitle(String field, String value) {
    return singleLine(field, value, TITLE_MAX, "Give the channel a title.");
  }

  /** A broadcast channel's description: optional, at most 2048 characters. */
  public static Optional<Problem> channelDescription(String field, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    return requiredText(field, value, DESCRIPTION_MAX, "");
  }

  /** A link (a crosspost's {@code canonical_url}): an absolute http or https URL, no user part. */
  public static Optional<Problem> link(String field, String value) {
    if (value == null || value.isEmpty()) {
      return problem(field, "Enter a link, e.g. https://example.com/post.");
    }
    return httpUrl(field, value);
  }

  /**
   * An annotation's type: a reverse-domain name ({@code net.app.core.crosspost}), at most 256
   * characters.
   */
  public static Optional<Problem> annotationType(String field, String value) {
    if (value == null || value.isEmpty()) {
      return problem(field, "Give the annotation a type, e.g. com.example.note.");
    }
    if (value.length() > ANNOTATION_TYPE_MAX || !REVERSE_DOMAIN.matcher(value).matches()) {
      return problem(
          field,
          "Must be a reverse-domain name like com.example.note (at most "
              + ANNOTATION_TYPE_MAX
              + " characters of a-z, 0-9, _, - and dots).");
    }
    return Optional.empty();
  }

  /** An annotation's value, as the bytes of its JSON: at most 8 KiB. */
  public static Optional<Problem> annotationValueSize(String field, int jsonBytes) {
    if (jsonBytes > ANNOTATION_VALUE_MAX_BYTES) {
      return problem(
          field,
          "At most "
              + ANNOTATION_VALUE_MAX_BYTES
              + " bytes of JSON (this one has "
              + jsonBytes
              + ").");
    }
    return Optional.empty();
  }

  /** How many annotations one object carries: at most 16. */
  public static Optional<Problem> annotationCount(int count) {
    if (count > ANNOTATIONS_MAX) {
      return problem(ANNOTATIONS, "At most " + ANNOTATIONS_MAX + " annotations.");
    }
    return Optional.empty();
  }

  /** One line of 1–{@code max} characters: {@link #requiredText} without control characters. */
  private static Optional<Problem> singleLine(String field, String value, int max, String missing) {
    Optional<Problem> text = requiredText(field, value, max, missing);
    if (text.isEmpty() && hasControl(value)) {
      return problem(field, "No control characters (tabs, line breaks).");
    }
    return text;
  }

  /** Text of 1–{@code max} characters, not all blank, valid Unicode. */
  private static Optional<Problem> requiredText(
      String field, String value, int max, String missing) {
    if (value == null || value.isBlank()) {
      return problem(field, missing);
    }
    Optional<Problem> text = text(field, value);
    if (text.isPresent()) {
      return text;
    }
    if (value.codePointCount(0, value.length()) > max) {
      return problem(field, "At most " + max + " characters.");
    }
    return Optional.empty();
  }

  /**
   * Text that is well-formed Unicode: no unpaired surrogate (what {@code "x\ud800"} in JSON makes),
   * which no UTF-8 can carry and a database would store as something else.
   */
  public static Optional<Problem> text(String field, String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (Character.isHighSurrogate(ch)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(ch)) {
        return problem(
            field, "Not valid Unicode: an unpaired surrogate, or bytes that are not UTF-8.");
      }
    }
    return Optional.empty();
  }

  /** An absolute http or https URL with a host, at most 2048 characters, no user part. */
  private static Optional<Problem> httpUrl(String field, String value) {
    Optional<Problem> text = text(field, value);
    if (text.isPresent()) {
      return text;
    }
    if (value.length() > URL_MAX) {
      return problem(field, "At most " + URL_MAX + " characters.");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return problem(field, "Not a valid URL: " + e.getReason() + ".");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return problem(field, "Must start with https:// or http://.");
    }
    if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
      return problem(field, "Must include a host, e.g. https://example.com.");
    }
    // https://localhost:8000@evil.example/cb goes to evil.example, whatever it looks like.
    if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
      return problem(field, "No user part (user@ before the host).");
    }
    return Optional.empty();
  }

  private static boolean hasControl(String s) {
    return s.codePoints()
        .anyMatch(cp -> Character.getType(cp) == Character.CONTROL || cp == 0x2028 || cp == 0x2029);
  }

  private static Optional<Problem> problem(String field, String message) {
    return Optional.of(new Problem(field, message));
  }
}
