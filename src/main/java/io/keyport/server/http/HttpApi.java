package io.keyport.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Health;
import io.keyport.api.Json;
import io.keyport.api.Scopes;
import io.keyport.api.TokenFormat;
import io.keyport.server.core.Accounts;
import io.keyport.server.core.ApiFailure;
import io.keyport.server.core.Apps;
import io.keyport.server.core.Availability;
import io.keyport.server.core.Channels;
import io.keyport.server.core.Posts;
import io.keyport.server.core.RateBuckets;
import io.keyport.server.core.Tokens;
import io.keyport.server.core.WebSignIn;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP face of the server: routes, the envelope, errors and the request log. */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger("io.keyport.server.requests");
  static final long MAX_BODY_BYTES = 64 * 1024;
  static final long STOP_TIMEOUT_MILLIS = 10_000;

  private final BearerAuth auth;
  private final ApiRoutes api;
  private final OAuthRoutes oauth;
  private StreamRoutes stream;
  private final String version;
  private RateLimits rateLimits;
  private ClientAddress clientAddress = new ClientAddress(List.of());
  private Availability availability;

  /** {@code signup}: whether {@code POST /account/0/users} is open. */
  public HttpApi(
      Accounts accounts, Apps apps, Tokens tokens, WebSignIn web, boolean signup, String version) {
    this.auth = new BearerAuth(tokens);
    this.api = new ApiRoutes(accounts, apps, tokens, web, auth, signup);
    this.oauth = new OAuthRoutes(accounts, apps, tokens, web);
    this.version = version;
  }

  /** Serves posts, channels and messages (API.md, Resources) as well. */
  public HttpApi withResources(Posts posts, Channels channels) {
    this.stream = new StreamRoutes(posts, channels, auth);
    return this;
  }

  /**
   * Counts every request against App.net's limits (API.md, Rate limits) kept in {@code buckets}.
   */
  public HttpApi limitedBy(
      RateBuckets buckets, long perHour, long writesPerMinute, long anonPerMinute) {
    this.rateLimits = new RateLimits(buckets, auth, perHour, writesPerMinute, anonPerMinute);
    return this;
  }

  /**
   * Takes the client's address from {@code X-Forwarded-For} / {@code Forwarded} of requests from
   * these addresses or ranges (CIDR) only (see {@link ClientAddress}).
   */
  public HttpApi trustingProxies(List<String> cidrs) {
    this.clientAddress = new ClientAddress(cidrs);
    return this;
  }

  /**
   * Answers {@code GET /health/ready} by {@code availability}, and tells database outages from
   * bugs.
   */
  public HttpApi reportingReadiness(Availability availability) {
    this.availability = availability;
    return this;
  }

  /** Liveness and readiness checks: never rate-limited, never refused for the database's sake. */
  static boolean isHealthCheck(String path) {
    return "/health".equals(path) || "/health/ready".equals(path);
  }

  public Javalin create(String bindHost) {
    WireLogGuard.install();
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Json.mapper(), false));
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.http.prefer405over404 = true;
              config.jetty.defaultHost = bindHost;
              // Jetty reuses a kept-alive connection's earlier header lines (Authorization, Cookie)
              // when a new one matches them ignoring case: a token differing from the one before
              // only in a letter's case was read as that one. Tokens and cookies are
              // case-sensitive.
              config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
              config.requestLogger.http(HttpApi::logRequest);
              // Chunked bodies have no length to check up front: the stream itself stops at the
              // limit.
              config.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.addFilter(
                        new FilterHolder(new SafetyHeaders()),
                        "/*",
                        EnumSet.allOf(DispatcherType.class));
                    handler.addFilter(
                        new FilterHolder(new BodyLimit.LimitingFilter(MAX_BODY_BYTES)),
                        "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                    handler.setErrorHandler(new JettyErrors());
                  });
              config.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(
                        new JettyErrors()); // what Jetty refuses itself gets the envelope too
                    // SIGTERM: stop taking connections, let requests in flight finish (bounded),
                    // then stop.
                    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
                  });
            });
    app.before(clientAddress::resolve);
    app.before(HttpApi::refuseRepeatedAuthorization); // before the limits, which read the header
    if (rateLimits != null) {
      app.before(rateLimits::apply);
    }
    app.before(ctx -> BodyLimit.checkDeclaredLength(ctx, MAX_BODY_BYTES));
    app.before(HttpApi::refuseTokenInQuery);

    // Javalin tries a method's routes in the order registered, each that is not the path itself by
    // a regex (a Matcher per route tried, twice a request): health checks and the endpoints
    // machines call at rates come first. Their paths are exact and no later route's pattern matches
    // them, so the order
    // changes what a request costs, not where it goes.
    app.get("/health", ctx -> Exchange.ok(ctx, new Health("ok", version)));
    app.get("/health/ready", this::ready);
    api.registerTokenInfo(app);
    app.get("/stream/0/scopes", ctx -> Exchange.ok(ctx, Scopes.GRANTABLE));
    oauth.register(app);
    api.register(app);
    if (stream != null) {
      stream.register(app);
    }

    app.exception(ApiFailure.class, Exchange.answeringOnce((e, ctx) -> Exchange.error(ctx, e)));
    app.exception(
        HttpResponseException.class,
        Exchange.answeringOnce((e, ctx) -> httpError(ctx, e.getStatus(), e.getMessage())));
    app.exception(
        BodyLimit.TooLarge.class, Exchange.answeringOnce((e, ctx) -> BodyLimit.answer(ctx)));
    app.exception(Exception.class, Exchange.answeringOnce(HttpApi::unexpected));
    app.error(
        404, ctx -> enveloped(ctx, ErrorSlug.NOT_FOUND, "No such endpoint: " + loggedPath(ctx)));
    app.error(
        405,
        ctx ->
            enveloped(
                ctx,
                ErrorSlug.METHOD_NOT_ALLOWED,
                ctx.method() + " is not allowed on " + loggedPath(ctx)));
    app.error(
        413,
        ctx ->
            enveloped(ctx, ErrorSlug.PAYLOAD_TOO_LARGE, "The request body is larger than 64 KiB."));
    return app;
  }

  /**
   * Any other failure: 413 when it was a body found too large on the way, 503 when the database
   * does not answer, else 500 with an error id the log line shares.
   */
  private static void unexpected(Exception e, Context ctx) {
    if (BodyLimit.isTooLarge(e)) {
      BodyLimit.answer(ctx);
      return;
    }
    if (Availability.isOutage(e)) {
      unavailable(ctx, "The database does not answer; try again in a few seconds.");
      LOG.warn(
          "database unreachable ({}), answered 503, error_id={}",
          e.getClass().getSimpleName(),
          (Object) ctx.attribute(Exchange.ERROR_ID));
      return;
    }
    String message = "Something went wrong on the server; quote the error id when reporting it.";
    if (isOAuth(ctx)) {
      OAuthRoutes.error(ctx, new OAuthFailure(500, "server_error", message, false));
    } else {
      Exchange.error(ctx, ErrorSlug.SERVER_ERROR, message);
    }
    LOG.error("unhandled failure, error_id={}", (Object) ctx.attribute(Exchange.ERROR_ID), e);
  }

  /**
   * {@code GET /health/ready}: 200 when the database answers and other servers' writes are heard;
   * else 503 {@code unavailable} saying what is wrong (for load balancers: send no traffic here).
   */
  private void ready(Context ctx) {
    List<String> problems = availability == null ? List.of() : availability.problems();
    if (problems.isEmpty()) {
      Exchange.ok(ctx, new Health("ready", version));
    } else {
      unavailable(ctx, "Not ready: " + String.join("; ", problems) + ".");
    }
  }

  /**
   * 503 with {@code Retry-After}, in the shape of the endpoint's family (RFC 6749's under /oauth/).
   */
  private static void unavailable(Context ctx, String message) {
    ctx.header("Retry-After", Long.toString(Availability.RETRY_AFTER_SECONDS));
    if (isOAuth(ctx)) {
      OAuthRoutes.error(ctx, new OAuthFailure(503, "temporarily_unavailable", message, false));
    } else {
      Exchange.error(ctx, ErrorSlug.UNAVAILABLE, message);
    }
  }

  private static boolean isOAuth(Context ctx) {
    return ctx.path().startsWith("/oauth/");
  }

  /** Javalin's own 4xx (no route, wrong method, body too large) as an envelope. */
  private static void httpError(Context ctx, int status, String message) {
    ErrorSlug slug =
        switch (status) {
          case 404 -> ErrorSlug.NOT_FOUND;
          case 405 -> ErrorSlug.METHOD_NOT_ALLOWED;
          case 413 -> ErrorSlug.PAYLOAD_TOO_LARGE;
          case 415 -> ErrorSlug.UNSUPPORTED_MEDIA_TYPE;
          case 503 -> ErrorSlug.UNAVAILABLE;
          default -> ErrorSlug.INVALID_REQUEST;
        };
    Exchange.error(ctx, slug, message == null || message.isBlank() ? slug.slug() : message);
  }

  /** An error page for a status Javalin set itself; an answer that is already an envelope stays. */
  private static void enveloped(Context ctx, ErrorSlug slug, String message) {
    if (ctx.attribute(Exchange.ERROR_ID) == null) {
      Exchange.error(ctx, slug, message);
    }
  }

  /** Two credentials are one too many: which one would count is not for the server to guess. */
  private static void refuseRepeatedAuthorization(Context ctx) {
    Enumeration<String> values = ctx.req().getHeaders("Authorization");
    int count = 0;
    while (values != null && values.hasMoreElements()) {
      values.nextElement();
      count++;
    }
    if (count < 2) {
      return;
    }
    if (ctx.path().startsWith("/oauth/")) { // introspect and revoke too: RFC 6749's shape there
      throw OAuthFailure.invalidRequest("send one Authorization header, not " + count);
    }
    throw ApiFailure.invalid("Authorization", "send one Authorization header, not " + count);
  }

  /** Query strings end up in logs, so a token there is refused (API.md, Conventions). */
  private static void refuseTokenInQuery(Context ctx) {
    Map<String, List<String>> params = ctx.queryParamMap();
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      boolean looksLikeToken = e.getValue().stream().anyMatch(v -> TokenFormat.kindOf(v) != null);
      if ("access_token".equals(e.getKey()) || looksLikeToken) {
        throw new ApiFailure(
            ErrorSlug.TOKEN_IN_QUERY,
            "Send the token in the Authorization header, never in the query string.");
      }
    }
  }

  private static void logRequest(Context ctx, Float ms) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    // One concatenation: SLF4J's "{}" formatting took a HashMap, a builder and boxes per request.
    String errorId = ctx.attribute(Exchange.ERROR_ID);
    LOG.info(
        ctx.method()
            + " "
            + loggedPath(ctx)
            + " "
            + ctx.statusCode()
            + " "
            + Math.round(ms)
            + "ms"
            + (errorId == null ? "" : " error_id=" + errorId)
            + (Exchange.clientGone(ctx) ? " client_gone" : ""));
  }

  /**
   * The request's path as logs and messages show it: a token in it redacted (prefix and last four).
   */
  private static String loggedPath(Context ctx) {
    return TokenFormat.redact(ctx.path());
  }
}
