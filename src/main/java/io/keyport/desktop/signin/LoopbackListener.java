package io.keyport.desktop.signin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keyport.api.Rules;
import io.keyport.api.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loopback redirect of RFC 8252 §7.3: listens on 127.0.0.1 or ::1 only (never a wildcard
 * address) for the one request the browser makes after sign-in. It accepts a GET on the callback's
 * path carrying the expected {@code state}, answers a small "you can close this tab" page and
 * closes; anything else is refused (404 for another path or method, 400 for a missing or wrong
 * state) and it keeps waiting, until {@link #await} runs out of time.
 */
public final class LoopbackListener implements AutoCloseable {
  static final String CLOSE_TAB =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          + "<title>Keyport</title></head><body style=\"font-family:sans-serif;margin:3em\">"
          + "<h1>Signed in</h1><p>Keyport has what it needs. You can close this tab.</p></body></html>";
  static final String REFUSED =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          + "<title>Keyport</title></head><body style=\"font-family:sans-serif;margin:3em\">"
          + "<h1>Not the sign-in Keyport is waiting for</h1><p>%s</p></body></html>";

  private final HttpServer server;
  private final String path;
  private final Secret state;
  private final URI redirectUri;
  private final CompletableFuture<Redirect> received = new CompletableFuture<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger wrongState = new AtomicInteger();

  /** The query of the one accepted redirect: either a code or an RFC 6749 error. */
  public record Redirect(Secret code, String error, String errorDescription) {
    public boolean isError() {
      return error != null;
    }
  }

  /**
   * The port the callback names is in use (or not ours to take); {@link #freePort} is one that is
   * free.
   */
  public static final class PortTakenException extends IOException {
    private final int port;
    private final int freePort;

    private final String owner;

    PortTakenException(String host, int port, int freePort, String owner, IOException cause) {
      super(
          "Port "
              + port
              + " on "
              + host
              + " is already in use by "
              + (owner == null ? "another program" : owner)
              + ", so Keyport cannot"
              + " receive the redirect there. Port "
              + freePort
              + " is free: for a loopback callback the"
              + " server accepts any port (RFC 8252).",
          cause);
      this.port = port;
      this.freePort = freePort;
      this.owner = owner;
    }

    /** The program holding the port, when it could be found ("python3 (process 1234)"). */
    public Optional<String> owner() {
      return Optional.ofNullable(owner);
    }

    public int port() {
      return port;
    }

    public int freePort() {
      return freePort;
    }
  }

  /**
   * Nothing valid arrived in time; how many requests were refused, and how many for a wrong state.
   */
  public static final class ListenerTimeoutException extends TimeoutException {
    private final int refused;
    private final int wrongState;

    ListenerTimeoutException(Duration timeout, int refused, int wrongState) {
      super("No redirect reached Keyport within " + timeout.toSeconds() + " s.");
      this.refused = refused;
      this.wrongState = wrongState;
    }

    public int refused() {
      return refused;
    }

    public int wrongState() {
      return wrongState;
    }
  }

  private LoopbackListener(HttpServer server, String path, Secret state, URI redirectUri) {
    this.server = server;
    this.path = path;
    this.state = state;
    this.redirectUri = redirectUri;
  }

  /**
   * Listens for {@code callback}'s redirect: on its loopback host ({@code localhost} means
   * 127.0.0.1) and its port, or on a free port when {@code ephemeralPort} (then {@link
   * #redirectUri} names the port actually bound).
   */
  public static LoopbackListener open(URI callback, boolean ephemeralPort, Secret state)
      throws IOException {
    if (!"http".equals(callback.getScheme()) || !Rules.isLoopback(callback.getHost())) {
      throw new IllegalArgumentException(
          "Keyport listens only for an http loopback callback (127.0.0.1, [::1],"
              + " localhost), not "
              + callback.getScheme()
              + "://"
              + callback.getHost());
    }
    InetAddress address = addressFor(callback.getHost());
    int port = ephemeralPort ? 0 : (callback.getPort() < 0 ? 80 : callback.getPort());
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 0);
    } catch (BindException e) {
      throw new PortTakenException(
          address.getHostAddress(), port, freePort(address), PortOwner.of(port).orElse(null), e);
    }
    String path =
        callback.getRawPath() == null || callback.getRawPath().isEmpty()
            ? "/"
            : callback.getRawPath();
    int bound = server.getAddress().getPort();
    URI redirect;
    try {
      redirect =
          new URI(
              callback.getScheme(),
              null,
              callback.getHost().replace("[", "").replace("]", ""),
              bound,
              callback.getPath() == null || callback.getPath().isEmpty()
                  ? null
                  : callback.getPath(),
              callback.getQuery(),
              null);
    } catch (URISyntaxException e) {
      server.stop(0);
      throw new IllegalArgumentException("Not a callback URL Keyport can listen for", e);
    }
    LoopbackListener listener = new LoopbackListener(server, path, state, redirect);
    server.createContext("/", listener::handle);
    server.start();
    return listener;
  }

  /** 127.0.0.1 for {@code 127.0.0.1} and {@code localhost}, ::1 for {@code [::1]}. */
  static InetAddress addressFor(String host) throws IOException {
    String h = host.replace("[", "").replace("]", "");
    return InetAddress.getByName(h.equals("::1") ? "::1" : "127.0.0.1");
  }

  /** A port free on that loopback address right now. */
  public static int freePort(InetAddress address) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, address)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The redirect URI to put in the authorize request: the callback with the port actually bound.
   */
  public URI redirectUri() {
    return redirectUri;
  }

  /** The socket address bound: always a loopback address. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Waits for the one valid redirect; closes the listener whatever happens. */
  public Redirect await(Duration timeout) throws ListenerTimeoutException, InterruptedException {
    try {
      return received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ListenerTimeoutException(timeout, refused.get(), wrongState.get());
    } catch (ExecutionException e) {
      throw new IllegalStateException("the listener was closed", e.getCause());
    } finally {
      close();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      if (!"GET".equals(exchange.getRequestMethod()) || !path.equals(uri.getRawPath())) {
        refused.incrementAndGet();
        answer(exchange, 404, String.format(REFUSED, "Nothing to see at this address."));
        return;
      }
      Map<String, String> query = query(uri.getRawQuery());
      String got = query.get("state");
      if (got == null
          || !MessageDigest.isEqual(
              got.getBytes(StandardCharsets.UTF_8),
              state.reveal().getBytes(StandardCharsets.UTF_8))) {
        refused.incrementAndGet();
        wrongState.incrementAndGet();
        answer(
            exchange,
            400,
            String.format(
                REFUSED,
                "The state of this redirect does not match the sign-in"
                    + " Keyport started, so Keyport ignores it."));
        return;
      }
      String code = query.get("code");
      String error = query.get("error");
      if (error == null && (code == null || code.isEmpty())) {
        refused.incrementAndGet();
        answer(
            exchange,
            400,
            String.format(REFUSED, "This redirect carries neither a code nor an error."));
        return;
      }
      if (received.isDone()) {
        answer(exchange, 404, String.format(REFUSED, "Keyport already received its redirect."));
        return;
      }
      answer(exchange, 200, CLOSE_TAB);
      received.complete(
          new Redirect(
              error == null ? Secret.of(code) : null, error, query.get("error_description")));
    }
  }

  private static void answer(HttpExchange exchange, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  /** Stops listening at once; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      received.completeExceptionally(new IllegalStateException("closed"));
      server.stop(0);
    }
  }

  @Override
  public String toString() {
    return "LoopbackListener[" + redirectUri + (closed.get() ? ", closed" : "") + "]";
  }
}
