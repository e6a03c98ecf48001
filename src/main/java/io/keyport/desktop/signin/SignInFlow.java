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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
      throw fail(
          new SignInFailure(
              Reason.PORT_TAKEN,
              e.getMessage(),
              null,
              request.registeredCallbacks(),
              e.freePort(),
              e));
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
      }
      return exchange(request, pkce, redirectUri, redirect);
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
    String attempted = redirectUri.toString();
    List<String> registered = request.registeredCallbacks();
    if (!registered.isEmpty()
        && registered.stream().noneMatch(r -> Rules.redirectMatches(r, attempted))) {
      CallbackDifference difference =
          CallbackDifference.nearest(attempted, registered).orElseThrow();
      return new SignInFailure(
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
          e);
    }
    if (e.wrongState() > 0) {
      return new SignInFailure(
          Reason.STATE_MISMATCH,
          "A redirect arrived with a state that does not match this"
              + " sign-in, so Keyport ignored it (it may come from an older attempt or another site). Start again.",
          null,
          registered,
          -1,
          e);
    }
    return new SignInFailure(
        Reason.TIMEOUT,
        "No redirect came back within "
            + timeout.toSeconds()
            + " s. Was the"
            + " sign-in finished in the browser? Start again when ready.",
        null,
        registered,
        -1,
        e);
  }

  private SignInFailure fail(SignInFailure failure) {
    step(Step.Kind.FAILED, "Failed", failure.getMessage());
    return failure;
  }

  private void step(Step.Kind kind, String title, String detail) {
    timeline.accept(new Step(kind, title, detail));
  }
}
