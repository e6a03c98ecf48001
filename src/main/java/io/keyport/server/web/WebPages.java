package io.keyport.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.server.core.Accounts;
import io.keyport.server.core.ApiFailure;
import io.keyport.server.core.WebSignIn;
import io.keyport.server.core.WebSignIn.AuthRequest;
import io.keyport.server.core.WebSignIn.Refused;
import io.keyport.server.core.WebSignIn.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTML pages of web sign-in (API.md, "Web sign-in"): {@code GET /oauth/authenticate} and {@code
 * /oauth/authorize}, the sign-in, consent, error and signed-out pages, from jte templates (escaped
 * by default). Plain forms, no script; never framed, never cached. The rules are {@link
 * WebSignIn}'s.
 */
public final class WebPages {
  static final String SESSION_COOKIE = "keyport_session";

  /**
   * Before there is a session, the sign-in form's CSRF token is also in this cookie (double
   * submit).
   */
  static final String CSRF_COOKIE = "keyport_csrf";

  static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";
  static final String AUTHENTICATE = "authenticate";
  static final String AUTHORIZE = "authorize";

  /** The authorization request's parameters a form carries through. */
  static final List<String> REQUEST_PARAMS =
      List.of(
          "client_id",
          "redirect_uri",
          "response_type",
          "scope",
          "state",
          "code_challenge",
          "code_challenge_method");

  private final WebSignIn web;
  private final Accounts accounts;
  private final Function<Context, String> clientAddress;
  private final TemplateEngine templates;
  private final byte[] css;

  /**
   * {@code clientAddress} is the HTTP layer's reading of who sent a request (trusted proxies
   * included), handed in by the composition so the pages and the JSON routes throttle the same
   * address without web depending on http.
   */
  public WebPages(WebSignIn web, Accounts accounts, Function<Context, String> clientAddress) {
    this.web = web;
    this.accounts = accounts;
    this.clientAddress = clientAddress;
    this.templates =
        TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            WebPages.class.getClassLoader(),
            "io.keyport.server.web.templates");
    try (InputStream in = WebPages.class.getResourceAsStream("keyport-web.css")) {
      this.css = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(Javalin app) {
    app.get("/oauth/authenticate", ctx -> authorize(ctx, AUTHENTICATE));
    app.get("/oauth/authorize", ctx -> authorize(ctx, AUTHORIZE));
    app.post("/oauth/sign-in", this::signIn);
    app.post("/oauth/consent", this::consent);
    app.post("/oauth/sign-out", this::signOut);
    app.get(
        "/web/keyport.css",
        ctx -> {
          ctx.header("Cache-Control", "public, max-age=86400");
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.contentType("text/css; charset=utf-8").result(css);
        });
  }

  /**
   * GET /oauth/authenticate and /oauth/authorize: sign in if need be, then consent (or not), then
   * back to the app.
   */
  private void authorize(Context ctx, String mode) {
    Map<String, List<String>> params = parse(ctx.queryString());
    if (params == null) {
      errorPage(
          ctx, 400, "invalid_request", "The request's parameters are not valid URL encoding.");
      return;
    }
    AuthRequest request;
    try {
      request = web.authorizationRequest(params);
    } catch (Refused refused) {
      refuse(ctx, refused, 302);
      return;
    }
    Optional<Session> session = web.session(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty()) {
      signInPage(ctx, 200, request.client().name(), "", null, mode, encode(requestParams(request)));
      return;
    }
    long accountId = session.get().account().id();
    if (mode.equals(AUTHENTICATE) && web.consentCovers(accountId, request)) {
      redirectWithCode(ctx, request, web.issueCode(accountId, request), 302);
      return;
    }
    consentPage(ctx, session.get(), request);
  }

  private void signIn(Context ctx) {
    Map<String, List<String>> form = form(ctx);
    if (form == null) {
      return;
    }
    String mode = AUTHORIZE.equals(first(form, "mode")) ? AUTHORIZE : AUTHENTICATE;
    String query = first(form, "query");
    Map<String, List<String>> params = query == null ? null : parse(query);
    String username = Optional.ofNullable(first(form, "username")).orElse("");
    String password = Optional.ofNullable(first(form, "password")).orElse("");
    String cookie = ctx.cookie(CSRF_COOKIE);
    if (!WebSignIn.same(cookie, first(form, "csrf"))) {
      errorPage(
          ctx,
          403,
          "invalid_request",
          "This form has expired or did not come from this site,"
              + " so nothing was done. Go back to the app and start signing in again.");
      return;
    }
    AuthRequest request = null;
    if (params != null) {
      try {
        request = web.authorizationRequest(params);
      } catch (Refused refused) {
        refuse(ctx, refused, 303);
        return;
      }
    }
    String appName = request == null ? null : request.client().name();
    String carried = request == null ? "" : encode(requestParams(request));
    if (username.isEmpty() || password.isEmpty()) {
      signInPage(ctx, 400, appName, username, "Enter your username and password.", mode, carried);
      return;
    }
    Optional<Secret> session;
    try {
      // The address the password grant's throttle keys on too (a trusted proxy's X-Forwarded-For).
      session = web.signIn(username, Secret.of(password), clientAddress.apply(ctx));
    } catch (ApiFailure refused) {
      if (refused.slug() != ErrorSlug.RATE_LIMITED) {
        throw refused;
      }
      long minutes = Math.max(1, (refused.retryAfterSeconds() + 59) / 60);
      ctx.header("Retry-After", Long.toString(refused.retryAfterSeconds()));
      signInPage(
          ctx,
          429,
          appName,
          username,
          "Too many failed sign-ins. Try again in "
              + minutes
              + (minutes == 1 ? " minute." : " minutes."),
          mode,
          carried);
      return;
    }
    if (session.isEmpty()) {
      signInPage(ctx, 401, appName, username, "The username or password is wrong.", mode, carried);
      return;
    }
    setCookie(ctx, SESSION_COOKIE, session.get().reveal(), WebSignIn.SESSION_LIFETIME.toSeconds());
    setCookie(ctx, CSRF_COOKIE, "", 0);
    if (request == null) {
      messagePage(
          ctx,
          200,
          new MessageView(
              "Signed in",
              "You are signed in to Keyport as " + username + ".",
              "Go back to the app you came from."));
      return;
    }
    pageHeaders(ctx);
    ctx.status(303).header("Location", "/oauth/" + mode + "?" + carried);
  }

  private void consent(Context ctx) {
    Map<String, List<String>> form = form(ctx);
    if (form == null) {
      return;
    }
    Optional<Session> session = web.session(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty() || !WebSignIn.same(session.get().csrf(), first(form, "csrf"))) {
      errorPage(
          ctx,
          403,
          "invalid_request",
          "This form has expired or did not come from this site,"
              + " so nothing was allowed. Go back to the app and start again.");
      return;
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String name : REQUEST_PARAMS) {
      if (form.containsKey(name)) {
        params.put(name, form.get(name));
      }
    }
    AuthRequest request;
    try {
      request = web.authorizationRequest(params);
    } catch (Refused refused) {
      refuse(ctx, refused, 303);
      return;
    }
    String decision = first(form, "decision");
    if ("allow".equals(decision)) {
      redirectWithCode(ctx, request, web.allow(session.get().account().id(), request), 303);
    } else if ("deny".equals(decision)) {
      redirectBack(
          ctx,
          request.redirectUri(),
          errorParams("access_denied", "The user denied the request.", request.state()),
          303);
    } else {
      errorPage(ctx, 400, "invalid_request", "The form said neither allow nor deny.");
    }
  }

  private void signOut(Context ctx) {
    Map<String, List<String>> form = form(ctx);
    if (form == null) {
      return;
    }
    String cookie = ctx.cookie(SESSION_COOKIE);
    Optional<Session> session = web.session(cookie);
    if (session.isPresent() && !WebSignIn.same(session.get().csrf(), first(form, "csrf"))) {
      errorPage(
          ctx,
          403,
          "invalid_request",
          "This form has expired or did not come from this site," + " so you are still signed in.");
      return;
    }
    web.signOut(cookie);
    setCookie(ctx, SESSION_COOKIE, "", 0);
    messagePage(
        ctx,
        200,
        new MessageView(
            "Signed out",
            "You are signed out of Keyport in this browser.",
            "Apps you authorized keep their access until you revoke it in Keyport."));
  }

  // ---------------------------------------------------------------- pages

  private void signInPage(
      Context ctx,
      int status,
      String appName,
      String username,
      String error,
      String mode,
      String query) {
    String csrf = ctx.cookie(CSRF_COOKIE);
    if (csrf == null || csrf.length() != 32 || !csrf.chars().allMatch(Character::isLetterOrDigit)) {
      csrf = TokenFormat.randomBase62(32);
      setCookie(ctx, CSRF_COOKIE, csrf, WebSignIn.SESSION_LIFETIME.toSeconds());
    }
    render(ctx, status, "signin.jte", new SignInView(appName, csrf, username, error, mode, query));
  }

  private void consentPage(Context ctx, Session session, AuthRequest request) {
    List<WebSignIn.ScopeLine> lines = web.scopeLines(session.account().id(), request);
    List<ConsentView.Field> fields = new ArrayList<>();
    requestParams(request).forEach((name, value) -> fields.add(new ConsentView.Field(name, value)));
    render(
        ctx,
        200,
        "consent.jte",
        new ConsentView(
            request.client().name(),
            request.client().website(),
            request.client().developer(),
            lines,
            lines.stream().anyMatch(l -> l.name().equals("export")),
            lines.stream().anyMatch(WebSignIn.ScopeLine::granted),
            session.account().username(),
            session.csrf(),
            fields));
  }

  private void errorPage(Context ctx, int status, String error, String message) {
    messagePage(
        ctx,
        status,
        new MessageView(
            "Cannot continue", message, "Error: " + error + ". Nothing was sent to the app."));
  }

  private void messagePage(Context ctx, int status, MessageView view) {
    render(ctx, status, "message.jte", view);
  }

  private void render(Context ctx, int status, String template, Object model) {
    StringOutput out = new StringOutput();
    templates.render(template, model, out);
    pageHeaders(ctx);
    ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
  }

  /** Every page: never framed, never cached, no referrer, no script. */
  static void pageHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
  }

  private void refuse(Context ctx, Refused refused, int status) {
    if (!refused.redirects()) {
      errorPage(ctx, 400, refused.error(), refused.description());
      return;
    }
    redirectBack(
        ctx,
        refused.redirectUri(),
        errorParams(refused.error(), refused.description(), refused.state()),
        status);
  }

  private static Map<String, String> errorParams(String error, String description, String state) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("error", error);
    out.put("error_description", description);
    if (state != null) {
      out.put("state", state);
    }
    return out;
  }

  private void redirectWithCode(Context ctx, AuthRequest request, Secret code, int status) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("code", code.reveal());
    if (request.state() != null) {
      out.put("state", request.state());
    }
    redirectBack(ctx, request.redirectUri(), out, status);
  }

  /**
   * To the app's redirect URI with {@code params} (and {@code iss}, RFC 9207) added to its query.
   */
  private void redirectBack(
      Context ctx, String redirectUri, Map<String, String> params, int status) {
    Map<String, String> all = new LinkedHashMap<>(params);
    all.put("iss", accounts.publicUrl());
    String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + encode(all);
    pageHeaders(ctx);
    ctx.status(status).header("Location", location);
  }

  private static Map<String, String> requestParams(AuthRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("client_id", request.client().clientId());
    out.put("redirect_uri", request.redirectUri());
    out.put("response_type", "code");
    out.put("scope", String.join(" ", request.scopes()));
    if (request.state() != null) {
      out.put("state", request.state());
    }
    out.put("code_challenge", request.challenge());
    out.put("code_challenge_method", "S256");
    return out;
  }

  // ---------------------------------------------------------------- forms and cookies

  private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    boolean secure = accounts.publicUrl().toLowerCase(Locale.ROOT).startsWith("https:");
    ctx.res()
        .addHeader(
            "Set-Cookie",
            name
                + "="
                + value
                + "; Path=/oauth; Max-Age="
                + maxAgeSeconds
                + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : ""));
  }

  /**
   * The form body; null (and a 400 page written) when it is not a form or not valid URL encoding.
   */
  private Map<String, List<String>> form(Context ctx) {
    String type = ctx.contentType();
    Map<String, List<String>> form =
        type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
            ? parse(ctx.body())
            : null;
    if (form == null) {
      errorPage(ctx, 400, "invalid_request", "The form could not be read.");
    }
    return form;
  }

  private static String first(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** application/x-www-form-urlencoded (a query string or a form body); null if malformed. */
  static Map<String, List<String>> parse(String encoded) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return out;
    }
    try {
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return out;
  }

  static String encode(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    params.forEach(
        (name, value) -> {
          if (out.length() > 0) {
            out.append('&');
          }
          out.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    return out.toString();
  }
}
