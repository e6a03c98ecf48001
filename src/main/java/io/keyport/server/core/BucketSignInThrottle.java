package io.keyport.server.core;

import io.keyport.api.ErrorSlug;
import io.keyport.api.Secret;
import io.keyport.server.core.RateBuckets.Limit;
import io.keyport.server.core.RateBuckets.Probe;
import io.keyport.server.crypto.Hashing;
import java.time.Duration;
import java.util.Locale;

/**
 * Sign-in throttling (API.md, Accounts and sign-in) with Bucket4j: per username and per client
 * address, 429 once 10 sign-ins have failed within 5 minutes. The answer is the same whether or not
 * the username exists, and buckets are keyed by a hash of the username, never the name itself. On
 * PostgreSQL the buckets are shared by every server instance on the database.
 */
public final class BucketSignInThrottle implements SignInThrottle {
  public static final long FAILURES = 10;
  public static final Duration WINDOW = Duration.ofMinutes(5);

  static final String MESSAGE = "Too many failed sign-ins; try again in %d seconds.";

  private final RateBuckets buckets;
  private final Limit perUser;
  private final Limit perAddress;

  public BucketSignInThrottle(RateBuckets buckets) {
    this.buckets = buckets;
    this.perUser = new Limit("signin-user", FAILURES, WINDOW);
    this.perAddress = new Limit("signin-addr", FAILURES, WINDOW);
  }

  /** Before checking a password: refuses with 429 if this username or address failed too often. */
  @Override
  public void check(String username, String address) {
    Probe byUser = buckets.look(perUser, userKey(username));
    Probe byAddress = buckets.look(perAddress, addressKey(address));
    long wait = Math.max(byUser.allowed() ? 0 : byUser.retryAfterSeconds(),
        byAddress.allowed() ? 0 : byAddress.retryAfterSeconds());
    if (wait > 0) {
      throw new ApiFailure(ErrorSlug.RATE_LIMITED, String.format(Locale.ROOT, MESSAGE, wait), wait);
    }
  }

  /** A failed sign-in (unknown user or wrong password alike) counts against both. */
  @Override
  public void failed(String username, String address) {
    buckets.take(perUser, userKey(username));
    buckets.take(perAddress, addressKey(address));
  }

  /**
   * A success forgives nothing: clearing the address's count would let one valid account reset an
   * attacker's allowance for guessing others.
   */
  @Override
  public void succeeded(String username, String address) {}

  static String userKey(String username) {
    String normalized = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    return Hashing.sha256Hex(Secret.of(normalized));
  }

  static String addressKey(String address) {
    return "ip:" + (address == null ? "unknown" : address);
  }
}
