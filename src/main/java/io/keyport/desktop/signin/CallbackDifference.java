package io.keyport.desktop.signin;

import io.keyport.api.Rules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a redirect URI parts from the nearest registered callback URL, for the "redirect mismatch"
 * message: both URLs split into the common start, the part that differs, and the common end, so a
 * screen can highlight the middle. Pure; no I/O.
 */
public record CallbackDifference(String attempted, String registered, int prefix, int suffix) {

  /**
   * The registered URL nearest to {@code attempted} (edit distance), with the difference; empty if
   * none.
   */
  public static Optional<CallbackDifference> nearest(String attempted, List<String> registered) {
    return registered.stream()
        .min(
            Comparator.comparingInt((String r) -> distance(withPortOf(attempted, r), r))
                .thenComparing(r -> r))
        .map(r -> between(attempted, r));
  }

  /**
   * The difference between two URLs. For an http loopback URL the port does not count (RFC 8252
   * §7.3), so the attempted URL is compared with the registered one's port.
   */
  public static CallbackDifference between(String attempted, String registered) {
    attempted = withPortOf(attempted, registered);
    int max = Math.min(attempted.length(), registered.length());
    int prefix = 0;
    while (prefix < max && attempted.charAt(prefix) == registered.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < max - prefix
        && attempted.charAt(attempted.length() - 1 - suffix)
            == registered.charAt(registered.length() - 1 - suffix)) {
      suffix++;
    }
    return new CallbackDifference(attempted, registered, prefix, suffix);
  }

  private static String withPortOf(String attempted, String registered) {
    try {
      URI a = new URI(attempted);
      URI r = new URI(registered);
      if ("http".equals(a.getScheme())
          && "http".equals(r.getScheme())
          && Rules.isLoopback(a.getHost())
          && Rules.isLoopback(r.getHost())
          && a.getRawAuthority() != null
          && !a.isOpaque()) {
        String authority = a.getHost() + (r.getPort() < 0 ? "" : ":" + r.getPort());
        return a.getScheme()
            + "://"
            + authority
            + attempted.substring(
                attempted.indexOf(a.getRawAuthority()) + a.getRawAuthority().length());
      }
    } catch (URISyntaxException e) {
      // compared as typed
    }
    return attempted;
  }

  public boolean same() {
    return attempted.equals(registered);
  }

  /** The attempted URL's parts: common start, differing middle, common end. */
  public List<String> attemptedParts() {
    return parts(attempted);
  }

  /** The registered URL's parts: common start, differing middle, common end. */
  public List<String> registeredParts() {
    return parts(registered);
  }

  private List<String> parts(String s) {
    return List.of(
        s.substring(0, prefix),
        s.substring(prefix, s.length() - suffix),
        s.substring(s.length() - suffix));
  }

  /** Plain text with the differing parts in brackets: {@code http://localhost:[8000]/cb}. */
  public String marked(boolean ofAttempted) {
    List<String> p = ofAttempted ? attemptedParts() : registeredParts();
    return p.get(0) + "[" + p.get(1) + "]" + p.get(2);
  }

  /** The difference in words, for the failure message. */
  public String explain() {
    String was = attemptedParts().get(1);
    String is = registeredParts().get(1);
    if (was.isEmpty()) {
      return "The registered URL has \"" + is + "\" where the one tried has nothing.";
    }
    if (is.isEmpty()) {
      return "The URL tried has \"" + was + "\" that the registered one does not.";
    }
    return "The URL tried has \"" + was + "\" where the registered one has \"" + is + "\".";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
