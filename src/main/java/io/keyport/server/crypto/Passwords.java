package io.keyport.server.crypto;

import io.keyport.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1), by Bouncy
 * Castle. The stored string is the PHC encoding, salt, parameters and hash in one: {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt b64>$<hash b64>}; a hash made with other parameters still
 * verifies with its own.
 */
public final class Passwords {
  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Each derivation holds 19 MiB: at most this many run at once, so a burst of sign-ins queues
   * instead of taking the heap (a thread per request would otherwise mean 19 MiB per thread).
   */
  private static final Semaphore SLOTS =
      new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));

  /**
   * Verified against when a username is unknown, so that both cases take the same time. Made on the
   * first verification of either kind (so that first one costs the same either way), not at
   * construction: an Argon2id hash at every start of the embedded server, which never signs anyone
   * in with a password, was the largest part of the desktop's start-up (JFR).
   */
  private volatile String decoy;

  public Passwords() {}

  private String decoy() {
    String made = decoy;
    if (made == null) {
      synchronized (this) {
        made = decoy;
        if (made == null) {
          made = hash(Secret.of(randomDecoy()));
          decoy = made;
        }
      }
    }
    return made;
  }

  public String hash(Secret password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /**
   * Whether {@code password} matches {@code encoded}; a null or unreadable encoding never matches.
   */
  public boolean verify(Secret password, String encoded) {
    String decoyHash = decoy();
    if (encoded == null) {
      verify(password, decoyHash); // same work as for a real account
      return false;
    }
    String[] parts = encoded.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    int m;
    int t;
    int p;
    try {
      String[] params = parts[3].split(",");
      m = Integer.parseInt(params[0].substring(2));
      t = Integer.parseInt(params[1].substring(2));
      p = Integer.parseInt(params[2].substring(2));
      if (m < 8 || m > 1024 * 1024 || t < 1 || t > 64 || p < 1 || p > 16) {
        return false; // not a hash this server would write
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return MessageDigest.isEqual(expected, actual);
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /** Spends the time of one verification, for an unknown username. */
  public void spendVerificationTime(Secret password) {
    verify(password, decoy());
  }

  private static byte[] derive(
      Secret password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    SLOTS.acquireUninterruptibly();
    try {
      generator.generateBytes(password.reveal().getBytes(StandardCharsets.UTF_8), out);
    } finally {
      SLOTS.release();
    }
    return out;
  }

  /** A random password nobody knows: only its hash is kept, as the decoy. */
  private static String randomDecoy() {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    return B64.encodeToString(random);
  }
}
