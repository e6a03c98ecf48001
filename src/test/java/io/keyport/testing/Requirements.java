package io.keyport.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need something a developer's machine may lack (a keychain daemon, a display): they
 * skip with a message saying what is missing — except under {@code KEYPORT_REQUIRE_ALL=1} (CI),
 * where the same condition fails the test instead.
 */
public final class Requirements {
  private Requirements() {}

  public static boolean requireAll() {
    return "1".equals(System.getenv("KEYPORT_REQUIRE_ALL"));
  }

  /**
   * Skips (or under KEYPORT_REQUIRE_ALL=1 fails) unless {@code present}; {@code missing} says what
   * is absent.
   */
  public static void require(boolean present, String missing) {
    if (requireAll()) {
      Assertions.assertTrue(present, "KEYPORT_REQUIRE_ALL=1 and this test needs: " + missing);
    } else {
      Assumptions.assumeTrue(present, "Skipped, missing: " + missing);
    }
  }
}
