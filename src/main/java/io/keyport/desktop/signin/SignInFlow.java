package io.keyport.desktop.signin;

import io.keyport.api.AccessToken;
import io.keyport.api.Rules;
import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.client.KeyportClient;
import io.keyport.client.ServerUnreachableException;
import io.keyport.desktop.signin.LoopbackListener.ListenerTimeoutException;
import io.keyport.desktop.signin.LoopbackListener.PortTakenException;
import io.keyport.desktop.signin.LoopbackListener.Redirect;
import io.keyport.desktop.signin.SignInFailure.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The authorization-code flow with PKCE, run for real against a server: build the authorize URL,
 * open the browser, wait for the redirect on a loopback listener, check {@code state}, exchange the
 * code. Each step goes to the timeline with its secrets masked; a failure is a {@link
 * SignInFailure} in the user's terms. Blocking: run it on a background thread.
 */
public final class SignInFlow {
  /**
   * What to try: the client (a null secret means the public client keyport-desktop), the callback
   * to listen on (its port, or any free one when {@code ephemeralPort}), the scopes, and the app's
   * registered callback URLs (to explain a mismatch).
   */
  public record Request(
      String clientId,
      Secret clientSecret,
      URI callback,
      boolean ephemeralPort,
      List<String> scopes,
      List<String> registeredCallbacks) {
    public Request {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(callback, "callback");
      scopes = List.copyOf(scopes);
      registeredCallbacks = List.copyOf(registeredCallbacks);
    }
  }

  /** One line of the timeline: what happened, and its detail with every secret masked. */
  public record Step(Kind kind, String title, String detail) {
    public enum Kind {
      AUTHORIZE_URL,
      BROWSER_OPENED,
      LISTENING,
      REDIRECT_RECEIVED,
      TOKEN_EXCHANGE,
      RESPONSE,
      FAILED
    }
  }

  /** The token, and the redirect URI it was issued for. */
  public record Result(AccessToken token, URI redirectUri) {}

  private final KeyportClient client;
  private final BrowserLauncher browser;
  private final Duration timeout;
  private final Consumer<Step> timeline;
  private volatile LoopbackListener listening;
  private volatile boolean cancelled;

  /**
   * A sign-in whose redirect the user brings back by hand (a callback that is not loopback): the
   * URL to open, and what {@link #finish} needs to check the redirect and exchange the code.
   */
  public static final class Pending {
    private final Request request;
    private final Pkce pkce;
    private final URI authorizeUrl;

    private Pending(Request request, Pkce pkce, URI authorizeUrl) {
      this.request = request;
      this.pkce = pkce;
      this.authorizeUrl = authorizeUrl;
    }

    /** The URL to open in a browser: it carries the state, so it is shown, never logged. */
    public URI authorizeUrl() {
      return authorizeUrl;
    }

    @Override
    public String toString() {
      return "Pending[" + request.callback() + "]";
    }
  }

  public SignInFlow(
      KeyportClient client, BrowserLauncher browser, Duration timeout, Consumer<Step> timeline) {
    this.client = client;
    this.browser = browser;
    this.timeout = timeout;
    this.timeline = timeline;
  }

  /** The {@code /oauth/authenticate} URL for these parameters. */
  public static URI authorizeUrl(
      URI server, String clientId, URI redirectUri, List<String> scopes, Pkce pkce) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", clientId);
    q.put("response_type", "code");
    q.put("redirect_uri", redirectUri.toString());
    q.put("scope", String.join(" ", scopes));
    q.put("state", pkce.state().reveal());
    q.put("code_challenge", pkce.challenge());
    q.put("code_challenge_method", "S256");
    String query =
        q.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    String base = server.toString().replaceAll("/+$", "");
    return URI.create(base + "/oauth/authenticate?" + query);
  }

  public Result run(Request request) throws SignInFailure, InterruptedException {
    return run(request, Pkce.generate());
  }

  Result run(Request request, Pkce pkce) throws SignInFailure, InterruptedException {
    LoopbackListener listener;
    try {
      listener = LoopbackListener.open(request.callback(), request.ephemeralPort(), pkce.state());
    } catch (PortTakenException e) {
      throw fail(portTaken(request, e));
    } catch (IOException e) {
      throw fail(
          SignInFailure.of(
              Reason.PORT_TAKEN,
              "Keyport cannot listen on "
                  + request.callback().getHost()
                  + ":"
                  + request.callback().getPort()
                  + ": "
                  + e.getMessage()));
    }
    listening = listener;
    if (cancelled) {
      listener.close();
    }
    try (listener) {
      URI redirectUri = listener.redirectUri();
      URI authorize =
          authorizeUrl(client.baseUrl(), request.clientId(), redirectUri, request.scopes(), pkce);
      step(
          Step.Kind.AUTHORIZE_URL,
          "Authorize URL",
          authorize.toString().replace(pkce.state().reveal(), Masking.partly(pkce.state())));
      step(
          Step.Kind.LISTENING,
          "Listening for the redirect",
          "on "
              + listener.address().getAddress().getHostAddress()
              + " port "
              + listener.address().getPort()
              + ", for "
              + timeout.toSeconds()
              + " s");
      try {
        browser.open(authorize);
      } catch (IOException | RuntimeException e) {
        throw fail(
            SignInFailure.of(
                Reason.BROWSER,
                "Keyport could not open your browser ("
                    + e.getMessage()
                    + "). Open the authorize URL yourself."));
      }
      step(Step.Kind.BROWSER_OPENED, "Browser opened", "Sign in and allow access in the browser.");
      Redirect redirect;
      try {
        redirect = listener.await(timeout);
      } catch (ListenerTimeoutException e) {
        throw fail(timedOut(request, redirectUri, e));
      } catch (IllegalStateException e) {
        if (!cancelled) {
          throw e;
        }
        throw fail(
            SignInFailure.of(
                Reason.CANCELLED,
                "Cancelled: Keyport stopped listening on port " + redirectUri.getPort() + "."));
      }
      return exchange(request, pkce, redirectUri, redirect);
    }
  }

  /**
   * Stops waiting for the redirect at once: the listener closes and {@link #run} fails with {@link
   * Reason#CANCELLED}. Any thread; idempotent.
   */
  public void cancel() {
    cancelled = true;
    LoopbackListener l = listening;
    if (l != null) {
      l.close();
    }
  }

  /**
   * The first half of a sign-in whose callback Keyport cannot listen on: the authorize URL (on the
   * timeline with its state masked), for the user to open; nothing is opened here.
   */
  public Pending begin(Request request) {
    return begin(request, Pkce.generate());
  }

  Pending begin(Request request, Pkce pkce) {
    URI authorize =
        authorizeUrl(
            client.baseUrl(), request.clientId(), request.callback(), request.scopes(), pkce);
    step(
        Step.Kind.AUTHORIZE_URL,
        "Authorize URL",
        authorize.toString().replace(pkce.state().reveal(), Masking.partly(pkce.state())));
    return new Pending(request, pkce, authorize);
  }

  /**
   * The second half: {@code landedAt} is the URL the browser landed on after the server redirected;
   * its state is checked and its code exchanged. Blocking.
   */
  public Result finish(Pending pending, String landedAt) throws SignInFailure {
    Request request = pending.request;
    URI callback = request.callback();
    URI landed;
    try {
      landed = new URI(landedAt.strip());
    } catch (URISyntaxException e) {
      throw fail(SignInFailure.of(Reason.NOT_A_REDIRECT, "That is not a URL. " + PASTE_HINT));
    }
    Map<String, String> query = LoopbackListener.query(landed.getRawQuery());
    boolean atCallback =
        Objects.equals(landed.getScheme(), callback.getScheme())
            && Objects.equals(landed.getHost(), callback.getHost())
            && Objects.equals(landed.getPath(), callback.getPath());
    if (!atCallback || (!query.containsKey("code") && !query.containsKey("error"))) {
      Optional<SignInFailure> mismatch = mismatch(request, callback.toString(), null);
      if (mismatch.isPresent()) {
        throw fail(mismatch.get());
      }
      throw fail(
          SignInFailure.of(
              Reason.NOT_A_REDIRECT,
              "That URL is not the callback "
                  + callback
                  + " with a code or an error, so the server has not redirected yet. "
                  + PASTE_HINT));
    }
    String state = query.get("state");
    if (state == null
        || !MessageDigest.isEqual(
            state.getBytes(StandardCharsets.UTF_8),
            pending.pkce.state().reveal().getBytes(StandardCharsets.UTF_8))) {
      throw fail(stateMismatch(request, null));
    }
    String code = query.get("code");
    Redirect redirect =
        new Redirect(
            code == null || code.isEmpty() ? null : Secret.of(code),
            query.get("error"),
            query.get("error_description"));
    return exchange(request, pending.pkce, callback, redirect);
  }

  private static final String PASTE_HINT =
      "Paste the whole address from the browser's address bar once it has left the server's"
          + " pages.";

  private SignInFailure portTaken(Request request, PortTakenException e) {
    URI free = withPort(request.callback(), e.freePort());
    boolean anyPort =
        request.registeredCallbacks().stream()
            .anyMatch(r -> Rules.redirectMatches(r, free.toString()));
    String message =
        "Port "
            + e.port()
            + " is already in use by "
            + e.owner().orElse("another program")
            + ", so Keyport cannot receive the redirect there. Port "
            + e.freePort()
            + " is free: "
            + (anyPort
                ? "the server accepts any port for this loopback callback (RFC 8252 §7.3), so "
                    + free
                    + " works as it is."
                : "register " + free + " as a callback URL of the app first, then try it.");
    return new SignInFailure(
        Reason.PORT_TAKEN, message, null, request.registeredCallbacks(), e.freePort(), e);
  }

  /** {@code uri} with another port. */
  public static URI withPort(URI uri, int port) {
    try {
      return new URI(
          uri.getScheme(),
          uri.getUserInfo(),
          uri.getHost(),
          port,
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Not a URL with a port: " + uri, e);
    }
  }

  private Result exchange(Request request, Pkce pkce, URI redirectUri, Redirect redirect)
      throws SignInFailure {
    if (redirect.isError()) {
      step(
          Step.Kind.REDIRECT_RECEIVED,
          "Redirect received",
          "error="
              + redirect.error()
              + (redirect.errorDescription() == null
                  ? ""
                  : " (" + redirect.errorDescription() + ")"));
      if ("access_denied".equals(redirect.error())) {
        throw fail(
            SignInFailure.of(
                Reason.ACCESS_DENIED,
                "Access was denied: whoever signed in chose Deny on the"
                    + " consent page, so the app gets no token."));
      }
      throw fail(
          SignInFailure.of(
              Reason.SERVER_ERROR,
              "The server refused the sign-in: "
                  + redirect.error()
                  + (redirect.errorDescription() == null
                      ? ""
                      : " — " + redirect.errorDescription())));
    }
    step(
        Step.Kind.REDIRECT_RECEIVED,
        "Redirect received",
        "code=" + Masking.partly(redirect.code()) + ", state matches");
    step(
        Step.Kind.TOKEN_EXCHANGE,
        "Token exchange",
        "POST /oauth/access_token grant_type=authorization_code,"
            + " client_id="
            + request.clientId()
            + (request.clientSecret() == null
                ? " (public client, no secret)"
                : ", client_secret=••••")
            + ", code_verifier=••••, redirect_uri="
            + redirectUri);
    AccessToken token;
    try {
      token =
          client.exchangeCode(
              request.clientId(),
              request.clientSecret(),
              redirect.code(),
              redirectUri.toString(),
              pkce.verifier());
    } catch (ApiException e) {
      if ("invalid_grant".equals(e.error())) {
        throw fail(
            SignInFailure.of(
                Reason.INVALID_GRANT,
                "The server would not exchange the code (invalid_grant: "
                    + e.errorDescription()
                    + "). Likely cause: the code was older than 60 seconds or was already used,"
                    + " or the redirect URI or PKCE verifier differ from the authorize request. Try again."));
      }
      throw fail(
          SignInFailure.of(
              Reason.SERVER_ERROR, "The server refused the token exchange: " + e.getMessage()));
    } catch (ServerUnreachableException e) {
      throw fail(SignInFailure.of(Reason.SERVER_ERROR, e.getMessage()));
    }
    step(
        Step.Kind.RESPONSE,
        "Response",
        "access_token="
            + Masking.last4(token.accessToken())
            + (token.token() == null
                ? ""
                : ", scopes=" + String.join(" ", token.token().scopes())));
    return new Result(token, redirectUri);
  }

  private SignInFailure timedOut(Request request, URI redirectUri, ListenerTimeoutException e) {
    Optional<SignInFailure> mismatch = mismatch(request, redirectUri.toString(), e);
    if (mismatch.isPresent()) {
      return mismatch.get();
    }
    if (e.wrongState() > 0) {
      return stateMismatch(request, e);
    }
    return new SignInFailure(
        Reason.TIMEOUT,
        "No redirect came back within "
            + timeout.toSeconds()
            + " s. Was the"
            + " sign-in finished in the browser? Start again when ready.",
        null,
        request.registeredCallbacks(),
        -1,
        e);
  }

  /** A redirect URI that matches none of the registered callbacks: the server never redirects. */
  private static Optional<SignInFailure> mismatch(
      Request request, String attempted, Exception cause) {
    List<String> registered = request.registeredCallbacks();
    if (registered.isEmpty()
        || registered.stream().anyMatch(r -> Rules.redirectMatches(r, attempted))) {
      return Optional.empty();
    }
    CallbackDifference difference = CallbackDifference.nearest(attempted, registered).orElseThrow();
    return Optional.of(
        new SignInFailure(
            Reason.REDIRECT_MISMATCH,
            "The callback URL "
                + attempted
                + " is not registered"
                + " for this app, so the server showed an error page instead of redirecting back. Nearest registered: "
                + difference.registered()
                + ". "
                + difference.explain(),
            difference,
            registered,
            -1,
            cause));
  }

  private static SignInFailure stateMismatch(Request request, Exception cause) {
    return new SignInFailure(
        Reason.STATE_MISMATCH,
        "A redirect arrived with a state that does not match this"
            + " sign-in, so Keyport ignored it (it may come from an older attempt or another site). Start again.",
        null,
        request.registeredCallbacks(),
        -1,
        cause);
  }

  private SignInFailure fail(SignInFailure failure) {
    step(Step.Kind.FAILED, "Failed", failure.getMessage());
    return failure;
  }

  private void step(Step.Kind kind, String title, String detail) {
    timeline.accept(new Step(kind, title, detail));
  }
}
