package io.keyport.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the callback URL checker says about a URL that {@link Rules#callbackUrl} accepts but that
 * could be better: hints, never refusals (the server takes the URL as it is). The redirect URI of a
 * sign-in must match a registered URL exactly ({@link Rules#redirectMatches}), so URLs that differ
 * only in ways a person does not see are worth a word. Pure functions: the desktop shows them under
 * the field, anything else may ask the same.
 */
public final class CallbackAdvice {
  /** What a hint is about. */
  public enum Kind {
    /** {@code localhost} where the loopback IP is safer (RFC 8252 §8.3). */
    LOCALHOST,
    /** The same as another of the app's URLs once case, default port and trailing slash go. */
    NEAR_DUPLICATE
  }

  /** One hint: what it is about, and the words shown. */
  public record Hint(Kind kind, String message) {}

  private CallbackAdvice() {}

  /**
   * Hints on {@code url} (as typed, stripped) among {@code others}, the app's other callback URLs;
   * none when the rules refuse {@code url}.
   */
  public static List<Hint> hints(String url, List<String> others) {
    if (url == null || Rules.callbackUrl(Rules.CALLBACK_URLS, url).isPresent()) {
      return List.of();
    }
    List<Hint> hints = new ArrayList<>();
    URI uri = URI.create(url);
    if (uri.getHost().equalsIgnoreCase("localhost")) {
      String ip = url.substring(0, url.indexOf("://") + 3) + "127.0.0.1" + afterHost(uri, url);
      hints.add(
          new Hint(
              Kind.LOCALHOST,
              "localhost may resolve to another address or to IPv6 ::1, where another program can"
                  + " listen; RFC 8252 §8.3 recommends the loopback IP — consider "
                  + ip));
    }
    for (String other : others == null ? List.<String>of() : others) {
      if (!other.equals(url) && isNearDuplicate(url, other)) {
        hints.add(
            new Hint(
                Kind.NEAR_DUPLICATE,
                "Nearly the same as "
                    + other
                    + " ("
                    + difference(url, other)
                    + "): redirects must match one exactly, so keep only the one your app sends."));
      }
    }
    return List.copyOf(hints);
  }

  /**
   * Hints over a whole list of callback URLs: each pair of near-duplicates once, said on the later
   * one; {@code localhost} is left to the URL being typed.
   */
  public static List<Hint> hints(List<String> urls) {
    List<Hint> hints = new ArrayList<>();
    for (int i = 1; i < urls.size(); i++) {
      hints.addAll(
          hints(urls.get(i), urls.subList(0, i)).stream()
              .filter(h -> h.kind() == Kind.NEAR_DUPLICATE)
              .toList());
    }
    return List.copyOf(hints);
  }

  /**
   * Two URLs the rules accept that are the same once the case of scheme and host, a default port
   * (80 for http, 443 for https) and a trailing slash are taken out; exact equals count too.
   */
  public static boolean isNearDuplicate(String a, String b) {
    String ka = key(a);
    return ka != null && ka.equals(key(b));
  }

  /**
   * {@code url} with scheme and host in lower case, no default port and no trailing slash on the
   * path; null when the rules refuse it.
   */
  public static String key(String url) {
    if (url == null || Rules.callbackUrl(Rules.CALLBACK_URLS, url).isPresent()) {
      return null;
    }
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port)
        + path
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** How two near-duplicates differ, in words. */
  private static String difference(String a, String b) {
    URI x = URI.create(a);
    URI y = URI.create(b);
    List<String> parts = new ArrayList<>();
    if (!x.getScheme().equals(y.getScheme()) || !x.getHost().equals(y.getHost())) {
      parts.add("letter case");
    }
    if (x.getPort() != y.getPort()) {
      parts.add("default port");
    }
    if (!Objects.equals(x.getRawPath(), y.getRawPath())) {
      parts.add("trailing slash");
    }
    return "differs only in " + String.join(" and ", parts);
  }

  /** What follows the host in {@code url}: port, path, query. */
  private static String afterHost(URI uri, String url) {
    int start = url.indexOf("://") + 3 + uri.getRawAuthority().indexOf(uri.getHost());
    return url.substring(start + uri.getHost().length());
  }
}
