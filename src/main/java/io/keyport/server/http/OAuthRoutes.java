package io.keyport.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.keyport.api.AccessToken;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Introspection;
import io.keyport.api.Scope;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.ServerMetadata;
import io.keyport.api.TokenFormat;
import io.keyport.server.core.Account;
import io.keyport.server.core.Accounts;
import io.keyport.server.core.ApiFailure;
import io.keyport.server.core.Apps;
import io.keyport.server.core.ClientApp;
import io.keyport.server.core.Tokens;
import io.keyport.server.core.WebSignIn;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /oauth/access_token} (RFC 6749): the password grant for the public first-party client
 * {@code keyport-desktop} only, the client-credentials grant with the client authenticated by HTTP
 * Basic (§2.3.1, form-urlencoded id and secret inside) or in the body, and the authorization-code
 * grant of web sign-in; introspection (RFC 7662), revocation (RFC 7009) and the server's metadata
 * (RFC 8414). Answers and errors are RFC 6749's, not the envelope, and are never cached.
 */
final class OAuthRoutes {
  static final String PATH = "/oauth/access_token";
  private final Accounts accounts;
  private final Apps apps;
  private final Tokens tokens;
  private final WebSignIn web;

  OAuthRoutes(Accounts accounts, Apps apps, Tokens tokens, WebSignIn web) {
    this.accounts = accounts;
    this.apps = apps;
    this.tokens = tokens;
    this.web = web;
  }

  void register(Javalin app) {
    app.post(PATH, this::accessToken);
    app.post("/oauth/introspect", this::introspect);
    app.post("/oauth/revoke", this::revoke);
    app.get("/.well-known/oauth-authorization-server", this::metadata);
    app.exception(OAuthFailure.class, Exchange.answeringOnce((e, ctx) -> error(ctx, e)));
  }

  /**
   * RFC 7662: a client learns about its own tokens only; anything else is {@code {"active":
   * false}}.
   */
  private void introspect(Context ctx) {
    Map<String, String> form = form(ctx);
    ClientApp client = authenticateClient(ctx, form);
    String token = required(form, "token");
    noStore(ctx);
    Exchange.json(
        ctx,
        200,
        tokens.introspect(client.clientId(), Secret.of(token)).orElse(Introspection.inactive()));
  }

  /** RFC 7009: revokes a token issued to the client; 200 whatever the token was. */
  private void revoke(Context ctx) {
    Map<String, String> form = form(ctx);
    ClientApp client = authenticateClient(ctx, form);
    String token = required(form, "token");
    tokens.revokeForClient(client.clientId(), Secret.of(token));
    noStore(ctx);
    Exchange.json(ctx, 200, Map.of());
  }

  /** RFC 8414 metadata; the issuer is the public URL. */
  private void metadata(Context ctx) {
    String issuer = accounts.publicUrl();
    List<String> clientAuth = List.of("client_secret_basic", "client_secret_post");
    Exchange.json(
        ctx,
        200,
        new ServerMetadata(
            issuer,
            issuer + "/oauth/authenticate",
            issuer + PATH,
            issuer + "/oauth/introspect",
            issuer + "/oauth/revoke",
            Scopes.GRANTABLE.stream().map(Scope::name).toList(),
            List.of("code"),
            List.of("query"),
            List.of("authorization_code", "client_credentials", "password"),
            List.of("client_secret_basic", "client_secret_post", "none"),
            clientAuth,
            clientAuth,
            List.of("S256"),
            true));
  }

  private static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      throw OAuthFailure.invalidRequest(name + " is required");
    }
    return value;
  }

  /**
   * {@code grant_type=authorization_code}: the code, the redirect URI it was issued for and the
   * PKCE verifier, from a client authenticated by Basic or in the body, or from the public client
   * keyport-desktop by its client_id alone.
   */
  private AccessToken authorizationCode(Context ctx, Map<String, String> form) {
    String clientId;
    if (ctx.header("Authorization") == null
        && Scopes.DESKTOP_CLIENT_ID.equals(form.get("client_id"))) {
      if (form.containsKey("client_secret")) {
        throw OAuthFailure.invalidRequest(
            "keyport-desktop is a public client: it has no client_secret");
      }
      clientId = Scopes.DESKTOP_CLIENT_ID;
    } else {
      clientId = authenticateClient(ctx, form).clientId();
    }
    String code = required(form, "code");
    String redirectUri = required(form, "redirect_uri");
    String verifier = required(form, "code_verifier");
    try {
      return web.redeem(clientId, Secret.of(code), redirectUri, Secret.of(verifier));
    } catch (WebSignIn.InvalidGrant refused) {
      throw OAuthFailure.invalidGrant(refused.getMessage());
    }
  }

  private void accessToken(Context ctx) {
    Map<String, String> form = form(ctx);
    String grantType = form.get("grant_type");
    if (grantType == null || grantType.isEmpty()) {
      throw OAuthFailure.invalidRequest("grant_type is required");
    }
    AccessToken issued =
        switch (grantType) {
          case "password" -> password(ctx, form);
          case "client_credentials" -> clientCredentials(ctx, form);
          case "authorization_code" -> authorizationCode(ctx, form);
          default ->
              throw OAuthFailure.unsupportedGrantType(
                  "grant_type must be authorization_code, password or client_credentials");
        };
    noStore(ctx);
    Exchange.json(ctx, 200, issued);
  }

  private AccessToken password(Context ctx, Map<String, String> form) {
    if (ctx.header("Authorization") != null) {
      throw OAuthFailure.invalidRequest(
          "the password grant is for the public client keyport-desktop: send client_id in the body, no Authorization header");
    }
    String clientId = form.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      throw OAuthFailure.invalidRequest("client_id is required");
    }
    if (form.containsKey("client_secret")) {
      throw OAuthFailure.invalidRequest("the password grant takes no client_secret");
    }
    if (!clientId.equals(Scopes.DESKTOP_CLIENT_ID)) {
      throw OAuthFailure.unauthorizedClient(
          "only the first-party client keyport-desktop may use the password grant");
    }
    String username = form.get("username");
    String password = form.get("password");
    if (username == null || username.isEmpty()) {
      throw OAuthFailure.invalidRequest("username is required");
    }
    if (password == null || password.isEmpty()) {
      throw OAuthFailure.invalidRequest("password is required");
    }
    Optional<Account> account;
    try {
      account = accounts.signIn(username, Secret.of(password), ClientAddress.of(ctx));
    } catch (ApiFailure throttled) {
      if (throttled.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", Long.toString(throttled.retryAfterSeconds()));
      }
      // Not an RFC 6749 error code; named after the API's slug so clients can tell it apart.
      throw new OAuthFailure(
          throttled.status(),
          throttled.slug() == ErrorSlug.RATE_LIMITED ? "rate_limited" : "invalid_request",
          throttled.getMessage(),
          false);
    }
    return tokens.passwordGrant(
        account.orElseThrow(() -> OAuthFailure.invalidGrant("the username or password is wrong")));
  }

  private AccessToken clientCredentials(Context ctx, Map<String, String> form) {
    ClientApp client = authenticateClient(ctx, form);
    // An app deleted between authentication and issue answers as one deleted before.
    return tokens
        .appToken(client)
        .orElseThrow(
            () ->
                OAuthFailure.invalidClient(
                    "unknown client or wrong client secret", ctx.header("Authorization") != null));
  }

  /**
   * The client authenticated by HTTP Basic (RFC 6749 §2.3.1) or client_id and client_secret in the
   * body.
   */
  private ClientApp authenticateClient(Context ctx, Map<String, String> form) {
    String header = ctx.header("Authorization");
    String clientId;
    String secret;
    boolean basic = header != null;
    if (basic) {
      if (form.containsKey("client_secret")) {
        throw OAuthFailure.invalidRequest(
            "authenticate the client one way only: HTTP Basic or client_secret in the body");
      }
      String[] pair = basicCredentials(header);
      clientId = pair[0];
      secret = pair[1];
      String bodyId = form.get("client_id");
      if (bodyId != null && !bodyId.equals(clientId)) {
        throw OAuthFailure.invalidRequest(
            "client_id in the body differs from the one in HTTP Basic");
      }
    } else {
      clientId = form.get("client_id");
      secret = form.get("client_secret");
      if (clientId == null || clientId.isEmpty() || secret == null || secret.isEmpty()) {
        throw OAuthFailure.invalidClient(
            "client authentication is required: HTTP Basic, or client_id and client_secret in the body",
            false);
      }
    }
    return apps.authenticateClient(clientId, Secret.of(secret))
        .orElseThrow(
            () -> OAuthFailure.invalidClient("unknown client or wrong client secret", basic));
  }

  /** RFC 6749 §2.3.1: Basic base64(urlencode(client_id) ":" urlencode(client_secret)). */
  private static String[] basicCredentials(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw OAuthFailure.invalidClient(
          "only HTTP Basic client authentication is accepted here", true);
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthFailure.invalidClient("the Basic credentials are not base64", true);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw OAuthFailure.invalidClient(
          "the Basic credentials must be client_id:client_secret", true);
    }
    try {
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
      };
    } catch (IllegalArgumentException e) {
      throw OAuthFailure.invalidClient("the Basic credentials are not form-urlencoded", true);
    }
  }

  /**
   * The form body, parsed here so that bad encoding is invalid_request; a repeated parameter is
   * refused (§3.2).
   */
  private static Map<String, String> form(Context ctx) {
    String type = ctx.contentType();
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw OAuthFailure.invalidRequest("the body must be application/x-www-form-urlencoded");
    }
    Map<String, String> out = new LinkedHashMap<>();
    String body;
    try {
      body = StrictText.utf8(JsonBody.bytes(ctx));
    } catch (CharacterCodingException e) {
      throw OAuthFailure.invalidRequest("the body is not valid UTF-8");
    }
    if (body.isEmpty()) {
      return out;
    }
    List<String> repeated = new ArrayList<>();
    // Pairs are cut straight out of the body (no split array, no pair strings): every RFC 7662
    // call is parsed here.
    for (int start = 0, end; start < body.length(); start = end + 1) {
      end = body.indexOf('&', start);
      if (end < 0) {
        end = body.length();
      }
      if (end == start) {
        continue;
      }
      int eq = body.indexOf('=', start);
      if (eq > end) {
        eq = -1;
      }
      String key;
      String value;
      try {
        key = StrictText.formDecode(body.substring(start, eq < 0 ? end : eq));
      } catch (IllegalArgumentException | CharacterCodingException e) {
        throw OAuthFailure.invalidRequest("the body is not valid form-urlencoding in UTF-8");
      }
      try {
        value = eq < 0 ? "" : StrictText.formDecode(body.substring(eq + 1, end));
      } catch (IllegalArgumentException | CharacterCodingException e) {
        throw OAuthFailure.invalidRequest(
            safeName(key) + " is not valid form-urlencoding in UTF-8");
      }
      if (out.put(key, value) != null) {
        repeated.add(key);
      }
    }
    if (!repeated.isEmpty()) {
      throw OAuthFailure.invalidRequest("parameters must not repeat: " + safeName(repeated.get(0)));
    }
    return out;
  }

  private static String safeName(String key) {
    return key.length() > 40 || !key.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)
        ? "(parameter)"
        : key;
  }

  static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
  }

  static void error(Context ctx, OAuthFailure e) {
    String errorId = UUID.randomUUID().toString();
    ctx.attribute(Exchange.ERROR_ID, errorId);
    if (e.status() == 401 && e.basicChallenge()) {
      ctx.header("WWW-Authenticate", "Basic realm=\"keyport\", charset=\"UTF-8\"");
    }
    noStore(ctx);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("error_description", TokenFormat.redact(e.getMessage()));
    body.put("error_id", errorId);
    Exchange.json(ctx, e.status(), body);
  }
}
