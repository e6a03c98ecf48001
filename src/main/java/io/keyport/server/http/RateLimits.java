package io.keyport.server.http;

import io.javalin.http.Context;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Secret;
import io.keyport.server.core.ApiFailure;
import io.keyport.server.core.RateBuckets;
import io.keyport.server.core.RateBuckets.Limit;
import io.keyport.server.core.RateBuckets.Probe;
import io.keyport.server.crypto.Hashing;
import java.time.Duration;
import java.util.Locale;

/**
 * App.net's rate limits (API.md, Rate limits): per token so many requests an hour in all and so
 * many writes a minute; without a valid token, so many requests a minute per client address. Every
 * limited answer carries {@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (seconds)
 * of the most restrictive limit that applied; past one, 429 {@code rate-limited} with {@code
 * Retry-After}. Buckets are keyed by the SHA-256 of the token, never the token.
 */
final class RateLimits {
  private final RateBuckets buckets;
  private final BearerAuth auth;
  private final Limit all;
  private final Limit writes;
  private final Limit anonymous;

  RateLimits(
      RateBuckets buckets,
      BearerAuth auth,
      long perHour,
      long writesPerMinute,
      long anonPerMinute) {
    this.buckets = buckets;
    this.auth = auth;
    this.all = new Limit("token", perHour, Duration.ofHours(1));
    this.writes = new Limit("write", writesPerMinute, Duration.ofMinutes(1));
    this.anonymous = new Limit("anon", anonPerMinute, Duration.ofMinutes(1));
  }

  /** A before-handler: counts the request against its limits, or refuses it with 429. */
  void apply(Context ctx) {
    if (HttpApi.isHealthCheck(ctx.path())) {
      return; // load balancers' health checks must never be turned away
    }
    String tokenHash = validTokenHash(ctx);
    if (tokenHash == null) {
      show(ctx, check(ctx, buckets.take(anonymous, "ip:" + ClientAddress.of(ctx))));
      return;
    }
    Probe hourly = check(ctx, buckets.take(all, tokenHash));
    if (!isWrite(ctx.method().name())) {
      show(ctx, hourly);
      return;
    }
    Probe perMinute = buckets.take(writes, tokenHash);
    if (!perMinute.allowed()) {
      buckets.giveBack(all, tokenHash); // a refused request does not use up the hourly allowance
    }
    check(ctx, perMinute);
    show(ctx, moreRestrictive(hourly, perMinute));
  }

  /** The SHA-256 of the bearer token if it is one the server knows and honours, else null. */
  private String validTokenHash(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    try {
      auth.authenticate(ctx);
    } catch (ApiFailure refused) {
      return null; // counted as unauthenticated; the endpoint says what is wrong with the token
    }
    return Hashing.sha256Hex(Secret.of(header.substring(7).trim()));
  }

  private static boolean isWrite(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "POST", "PUT", "PATCH", "DELETE" -> true;
      default -> false;
    };
  }

  /**
   * The probe if it allowed the request; else 429 with the refusing limit's headers and
   * Retry-After.
   */
  private static Probe check(Context ctx, Probe probe) {
    if (probe.allowed()) {
      return probe;
    }
    long retryAfter = probe.retryAfterSeconds();
    ctx.header("X-RateLimit-Limit", Long.toString(probe.limit().capacity()));
    ctx.header("X-RateLimit-Remaining", "0");
    ctx.header("X-RateLimit-Reset", Long.toString(Math.max(probe.resetSeconds(), retryAfter)));
    String message = "Too many requests; try again in " + retryAfter + " seconds.";
    if (ctx.path().startsWith("/oauth/")) {
      ctx.header("Retry-After", Long.toString(retryAfter));
      throw new OAuthFailure(429, "rate_limited", message, false); // RFC 6749's shape there
    }
    throw new ApiFailure(ErrorSlug.RATE_LIMITED, message, retryAfter);
  }

  static Probe moreRestrictive(Probe a, Probe b) {
    if (a.remaining() != b.remaining()) {
      return a.remaining() < b.remaining() ? a : b;
    }
    return a.nanosToReset() >= b.nanosToReset() ? a : b;
  }

  static void show(Context ctx, Probe probe) {
    ctx.header("X-RateLimit-Limit", Long.toString(probe.limit().capacity()));
    ctx.header("X-RateLimit-Remaining", Long.toString(Math.max(0, probe.remaining())));
    ctx.header("X-RateLimit-Reset", Long.toString(probe.resetSeconds()));
  }
}
