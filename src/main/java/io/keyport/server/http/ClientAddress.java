package io.keyport.server.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client's address, for the per-address limits and the audit log: the peer's address, unless
 * the peer is a trusted reverse proxy ({@code --trust-proxy CIDR…}). Then the address comes from
 * {@code X-Forwarded-For} (or, without one, {@code Forwarded}'s {@code for=}): the rightmost hop
 * that is not itself a trusted proxy, as each proxy appends the address it received the request
 * from. A hop that is not an IP address ends the walk at the trusted hop to its right. From any
 * other peer these headers are ignored: anyone can send them. Everything that keys on the client's
 * address (limits, throttles, audit) takes it from {@link #of}, never from {@code ctx.ip()}.
 */
public final class ClientAddress {
  static final String ATTRIBUTE = "keyport.clientAddress";
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Cidr> trusted;

  /**
   * {@code cidrs}: addresses or networks such as {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code
   * ::1}.
   */
  ClientAddress(List<String> cidrs) {
    List<Cidr> parsed = new ArrayList<>();
    for (String cidr : cidrs) {
      parsed.add(Cidr.parse(cidr));
    }
    this.trusted = List.copyOf(parsed);
  }

  /** A before-handler: works out the client's address once per request. */
  void resolve(Context ctx) {
    String peer = ctx.req().getRemoteAddr();
    ctx.attribute(
        ATTRIBUTE,
        trusted.isEmpty() // no proxy trusted (the default): the peer, without parsing it per
            // request
            ? peer
            : resolve(peer, values(ctx, "X-Forwarded-For"), values(ctx, "Forwarded")));
  }

  /** The client's address of this request. */
  public static String of(Context ctx) {
    String address = ctx.attribute(ATTRIBUTE);
    return address != null ? address : ctx.ip();
  }

  String resolve(String peer, List<String> forwardedFor, List<String> forwarded) {
    InetAddress right = literal(peer);
    if (right == null || !isTrusted(right)) {
      return peer;
    }
    List<String> hops = !forwardedFor.isEmpty() ? splitList(forwardedFor) : forHops(forwarded);
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(node(hops.get(i)));
      if (hop == null) {
        break;
      }
      if (!isTrusted(hop)) {
        return hop.getHostAddress();
      }
      right = hop;
    }
    return right.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> values(Context ctx, String header) {
    return Collections.list(ctx.req().getHeaders(header));
  }

  private static List<String> splitList(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",")) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /**
   * The {@code for=} of each element of {@code Forwarded} (RFC 7239); an element without one is no
   * hop.
   */
  private static List<String> forHops(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String element : splitList(values)) {
      for (String pair : element.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
          out.add(pair.substring(eq + 1).trim());
        }
      }
    }
    return out;
  }

  /** The address part of a hop: quotes, IPv6 brackets and a port taken off. */
  private static String node(String hop) {
    String s = hop.trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      return close < 0 ? "" : s.substring(1, close);
    }
    int colon = s.indexOf(':');
    if (colon >= 0 && colon == s.lastIndexOf(':')) {
      return s.substring(0, colon); // IPv4 with a port
    }
    return s;
  }

  /**
   * The address if {@code s} is an IP address literal (never a name: nothing is looked up), else
   * null.
   */
  static InetAddress literal(String s) {
    if (s == null) {
      return null;
    }
    String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(t);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address range: a network address and how many leading bits of it count. */
  record Cidr(byte[] network, int bits) {
    static Cidr parse(String text) {
      String s = text.trim();
      int slash = s.indexOf('/');
      InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("--trust-proxy: not an address or CIDR range: " + text);
      }
      int max = address.getAddress().length * 8;
      int bits = max;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > max) {
          throw new IllegalArgumentException(
              "--trust-proxy: the prefix length must be 0 to " + max + ": " + text);
        }
      }
      return new Cidr(address.getAddress(), bits);
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[whole] & mask) == (network[whole] & mask);
    }
  }
}
