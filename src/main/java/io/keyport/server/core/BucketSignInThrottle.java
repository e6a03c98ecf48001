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
 * address, 429 once 10 sign-ins have failed within 5 minutes. Every sign-in takes its attempt from
 * both buckets before the password is hashed and a right password gives it back, so however many
 * sign-ins arrive at once, at most 10 passwords are checked per username and per address in a
 * window. The answer is the same whether or not the username exists, and buckets are keyed by a
 * hash of the username, never the name itself. On PostgreSQL the buckets are shared by every server
 * instance on the database.
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

  /**
   * Before checking a password: takes one attempt from the username's bucket and one from the
   * address's, atomically each (on PostgreSQL under a row lock shared by every server). If either
   * is empty, 429 and the other is given back: a refused sign-in costs nothing.
   */
  @Override
  public void reserve(String username, String address) {
    String user = userKey(username);
    Probe byUser = buckets.take(perUser, user);
    if (!byUser.allowed()) {
      throw refused(byUser.retryAfterSeconds());
    }
    Probe byAddress = buckets.take(perAddress, addressKey(address));
    if (!byAddress.allowed()) {
      buckets.giveBack(perUser, user);
      throw refused(byAddress.retryAfterSeconds());
    }
  }

  /**
   * A success gives back only the attempt it reserved, and forgives nothing else: clearing the
   * address's count would let one valid account reset an attacker's allowance for guessing others.
   */
  @Override
  public void succeeded(String username, String address) {
    buckets.giveBack(perUser, userKey(username));
    buckets.giveBack(perAddress, addressKey(address));
  }

  private static ApiFailure refused(long wait) {
    return new ApiFailure(ErrorSlug.RATE_LIMITED, String.format(Locale.ROOT, MESSAGE, wait), wait);
  }

  static String userKey(String username) {
    String normalized = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    return Hashing.sha256Hex(Secret.of(normalized));
  }

  static String addressKey(String address) {
    return "ip:" + (address == null ? "unknown" : address);
  }
}
