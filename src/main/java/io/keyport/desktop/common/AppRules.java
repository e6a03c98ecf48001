package io.keyport.desktop.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The server's validation rules of API.md, checked as the user types so that errors show beside
 * their field before any request. The server stays the judge: its answer is placed on the field too.
 */
public final class AppRules {
  public static final int MAX_NAME = 64;
  public static final int MAX_URL = 2048;
  public static final int MAX_CALLBACKS = 16;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private AppRules() {}

  /** 1–64 characters after trimming, no control characters. */
  public static Optional<String> name(String raw) {
    String name = raw == null ? "" : raw.strip();
    if (name.isEmpty()) {
      return Optional.of("Give your app a name.");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME) {
      return Optional.of("At most " + MAX_NAME + " characters.");
    }
    if (name.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL
        || cp == 0x2028 || cp == 0x2029)) {
      return Optional.of("No control characters (tabs, line breaks).");
    }
    return Optional.empty();
  }

  /** An absolute http or https URL, at most 2048 characters. */
  public static Optional<String> website(String raw) {
    String url = raw == null ? "" : raw.strip();
    if (url.isEmpty()) {
      return Optional.of("Enter the website most closely related to this app.");
    }
    return absoluteHttp(url);
  }

  /** Absolute, at most 2048 characters, no fragment; https, or http only on a loopback host. */
  public static Optional<String> callback(String raw) {
    String url = raw == null ? "" : raw.strip();
    if (url.isEmpty()) {
      return Optional.of("Enter a callback URL, e.g. http://localhost:8000.");
    }
    Optional<String> http = absoluteHttp(url);
    if (http.isPresent()) {
      return http;
    }
    URI uri = URI.create(url);
    if (uri.getRawFragment() != null) {
      return Optional.of("A callback URL cannot have a #fragment.");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (uri.getScheme().equalsIgnoreCase("http") && !LOOPBACK.contains(host)) {
      return Optional.of("Use https, or http only for localhost, 127.0.0.1 or [::1].");
    }
    return Optional.empty();
  }

  /** 1–16 callback URLs, each valid, no duplicates. */
  public static Optional<String> callbacks(List<String> urls) {
    if (urls.isEmpty()) {
      return Optional.of("Add at least one callback URL.");
    }
    if (urls.size() > MAX_CALLBACKS) {
      return Optional.of("At most " + MAX_CALLBACKS + " callback URLs.");
    }
    Set<String> seen = new HashSet<>();
    for (String url : urls) {
      Optional<String> problem = callback(url);
      if (problem.isPresent()) {
        return Optional.of(url + ": " + problem.get());
      }
      if (!seen.add(url.strip())) {
        return Optional.of(url + " is in the list twice.");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> absoluteHttp(String url) {
    if (url.length() > MAX_URL) {
      return Optional.of("At most " + MAX_URL + " characters.");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("Not a valid URL: " + e.getReason() + ".");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      return Optional.of("Must start with https:// or http://.");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("Must include a host, e.g. https://example.com.");
    }
    return Optional.empty();
  }
}
