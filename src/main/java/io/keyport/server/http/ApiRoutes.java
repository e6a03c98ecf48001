package io.keyport.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.ClientSecret;
import io.keyport.api.CreatedApp;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Meta;
import io.keyport.api.PasswordStatus;
import io.keyport.api.Rules;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.server.core.Account;
import io.keyport.server.core.Accounts;
import io.keyport.server.core.ApiFailure;
import io.keyport.server.core.Apps;
import io.keyport.server.core.Caller;
import io.keyport.server.core.Tokens;
import io.keyport.server.core.WebSignIn;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The enveloped endpoints of API.md: accounts, apps, client secrets and tokens. Every one checks
 * its scope; another owner's app is 404 {@code not-found}.
 *
 * <p>Creating things (sign-up, an app, a token) answers 200, not 201: App.net answered every
 * successful call, creations included, with 200 and {@code meta.code} 200, and the envelope keeps
 * {@code meta.code} equal to the HTTP status.
 */
final class ApiRoutes {
  static final String APP = "/account/0/apps/{id}";
  static final String MY_PASSWORD = "/account/0/users/me/password";
  private final Accounts accounts;
  private final Apps apps;
  private final Tokens tokens;
  private final WebSignIn web;
  private final BearerAuth auth;
  private final boolean signup;

  ApiRoutes(
      Accounts accounts, Apps apps, Tokens tokens, WebSignIn web, BearerAuth auth, boolean signup) {
    this.accounts = accounts;
    this.apps = apps;
    this.tokens = tokens;
    this.web = web;
    this.auth = auth;
    this.signup = signup;
  }

  /**
   * {@code /stream/0/token}: what resource servers call for every request they serve, registered
   * ahead of the other routes (see HttpApi.create).
   */
  void registerTokenInfo(Javalin app) {
    app.get("/stream/0/token", ctx -> Exchange.ok(ctx, tokens.describe(auth.require(ctx, null))));
    app.delete("/stream/0/token", ctx -> Exchange.ok(ctx, tokens.revoke(auth.require(ctx, null))));
  }

  void register(Javalin app) {
    app.post("/account/0/users", this::signUp);
    app.get(
        "/stream/0/users/me",
        ctx -> {
          Caller caller = auth.require(ctx, Scopes.BASIC);
          Exchange.ok(ctx, accounts.toUser(accounts.byId(requireUser(caller))));
        });
    app.get(
        MY_PASSWORD,
        ctx ->
            Exchange.ok(ctx, new PasswordStatus(accounts.hasPassword(developer(ctx).accountId()))));
    app.put(MY_PASSWORD, this::setPassword);

    app.get(
        "/account/0/apps",
        ctx -> {
          Caller caller = developer(ctx);
          Exchange.page(ctx, apps.list(caller.accountId(), Exchange.pageRequest(ctx)));
        });
    app.post("/account/0/apps", this::createApp);
    app.get(
        APP,
        ctx -> {
          Caller caller = developer(ctx);
          withVersion(ctx, apps.get(caller.accountId(), ctx.pathParam("id")));
        });
    app.patch(APP, this::updateApp);
    app.delete(
        APP,
        ctx -> {
          Caller caller = developer(ctx);
          App deleted = apps.get(caller.accountId(), ctx.pathParam("id"));
          apps.delete(caller.accountId(), ctx.pathParam("id"));
          Exchange.ok(ctx, deleted);
        });
    app.post(
        APP + "/secret/reveal",
        ctx -> {
          Caller caller = developer(ctx);
          Secret secret =
              apps.reveal(caller.accountId(), ctx.pathParam("id"), ClientAddress.of(ctx));
          OAuthRoutes.noStore(ctx);
          Exchange.ok(ctx, new ClientSecret(secret));
        });
    app.post(
        APP + "/secret/rotate",
        ctx -> {
          Caller caller = developer(ctx);
          Integer overlapHours = JsonBody.of(ctx).integer("overlap_hours");
          Secret secret =
              apps.rotate(
                  caller.accountId(), ctx.pathParam("id"), overlapHours, ClientAddress.of(ctx));
          OAuthRoutes.noStore(ctx);
          Exchange.ok(ctx, new ClientSecret(secret));
        });
    app.get(
        APP + "/secrets",
        ctx -> {
          Caller caller = developer(ctx);
          Exchange.ok(ctx, apps.secrets(caller.accountId(), ctx.pathParam("id")));
        });
    app.delete(
        APP + "/secrets/{secret_id}",
        ctx -> {
          Caller caller = developer(ctx);
          Exchange.ok(
              ctx,
              apps.retire(
                  caller.accountId(),
                  ctx.pathParam("id"),
                  ctx.pathParam("secret_id"),
                  ClientAddress.of(ctx)));
        });
    app.get(
        APP + "/tokens/me",
        ctx -> {
          Caller caller = developer(ctx);
          App own = apps.get(caller.accountId(), ctx.pathParam("id"));
          okOrNull(ctx, tokens.own(caller.accountId(), own));
        });
    app.post(APP + "/tokens/me", this::generateOwnToken);

    app.get(
        "/account/0/authorizations",
        ctx -> Exchange.ok(ctx, web.authorizations(developer(ctx).accountId())));
    app.delete(
        "/account/0/authorizations/{client_id}",
        ctx -> {
          Caller caller = developer(ctx);
          web.forget(caller.accountId(), ctx.pathParam("client_id"));
          okOrNull(ctx, null);
        });

    app.get(
        "/stream/0/apps/me/tokens",
        ctx -> Exchange.ok(ctx, tokens.userTokensOfApp(auth.require(ctx, null))));
    app.get(
        "/stream/0/apps/me/tokens/user_ids",
        ctx -> Exchange.ok(ctx, tokens.userIdsOfApp(auth.require(ctx, null))));
  }

  private void signUp(Context ctx) {
    if (!signup) {
      throw new ApiFailure(
          ErrorSlug.SIGNUP_CLOSED,
          "Sign-up is closed on this server; ask its administrator for an account (keyport server add-user).");
    }
    JsonBody body = JsonBody.of(ctx);
    String password = body.string("password");
    Account created =
        accounts.create(
            body.string("username"),
            password == null ? null : Secret.of(password),
            body.string("name"));
    Exchange.ok(ctx, accounts.toUser(created));
  }

  /**
   * Sets or changes the caller's password, so that the server's web sign-in page accepts it: {@code
   * {"password": "…", "current_password": "…"}}, the current one only when the account has one.
   */
  private void setPassword(Context ctx) {
    Caller caller = developer(ctx);
    JsonBody body = JsonBody.of(ctx);
    String password = body.string(Rules.PASSWORD);
    String current = body.string(Rules.CURRENT_PASSWORD);
    accounts.setPassword(
        caller.accountId(),
        password == null ? null : Secret.of(password),
        current == null ? null : Secret.of(current),
        ClientAddress.of(ctx));
    OAuthRoutes.noStore(ctx);
    Exchange.ok(ctx, new PasswordStatus(true));
  }

  private void createApp(Context ctx) {
    Caller caller = developer(ctx);
    JsonBody body = JsonBody.of(ctx);
    CreatedApp created =
        apps.create(
            caller.accountId(),
            body.string("name"),
            body.string("website"),
            body.strings("callback_urls"));
    OAuthRoutes.noStore(ctx);
    ctx.header("ETag", etag(created.version()));
    Exchange.ok(ctx, created);
  }

  private void updateApp(Context ctx) {
    Caller caller = developer(ctx);
    String ifMatch = ctx.header("If-Match");
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ApiFailure(
          ErrorSlug.PRECONDITION_REQUIRED,
          "If-Match: required; send the app's current version, e.g. If-Match: 3");
    }
    long expected = version(ifMatch);
    JsonBody body = JsonBody.of(ctx);
    String name = body.string("name");
    String website = body.string("website");
    var callbacks = body.strings("callback_urls");
    if (name == null && website == null && callbacks == null) {
      throw ApiFailure.invalid("body", "nothing to change: give name, website or callback_urls");
    }
    withVersion(
        ctx,
        apps.update(caller.accountId(), ctx.pathParam("id"), expected, name, website, callbacks));
  }

  private void generateOwnToken(Context ctx) {
    Caller caller = developer(ctx);
    App app = apps.get(caller.accountId(), ctx.pathParam("id"));
    JsonBody body = JsonBody.of(ctx);
    AccessToken issued =
        tokens.generateOwn(
            caller.accountId(), app, body.strings("scopes"), body.integer("expires_in_days"));
    OAuthRoutes.noStore(ctx);
    Exchange.ok(ctx, issued);
  }

  /** A user token with {@code developer}: what manages apps. */
  private Caller developer(Context ctx) {
    Caller caller = auth.require(ctx, Scopes.DEVELOPER);
    requireUser(caller);
    return caller;
  }

  private static long requireUser(Caller caller) {
    if (!caller.isUser()) {
      throw new ApiFailure(
          ErrorSlug.INSUFFICIENT_SCOPE, "This endpoint needs a user token, not an app token.");
    }
    return caller.accountId();
  }

  /** If-Match: the version, bare or as an entity tag ({@code 3}, {@code "3"}, {@code W/"3"}). */
  static long version(String ifMatch) {
    String v = ifMatch.strip();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw ApiFailure.invalid("If-Match", "must be the app's version, a string of digits like 3");
    }
    return Long.parseLong(v);
  }

  private static void withVersion(Context ctx, App app) {
    ctx.header("ETag", etag(app.version()));
    Exchange.ok(ctx, app);
  }

  private static String etag(String version) {
    return "\"" + version + "\"";
  }

  /** {@code data: null} written out, as API.md shows it ("Token object, or null"). */
  private static void okOrNull(Context ctx, Object data) {
    if (data != null) {
      Exchange.ok(ctx, data);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meta", Meta.ok(200));
    body.put("data", null);
    Exchange.json(ctx, 200, body);
  }
}
