package io.keyport.desktop.signin;

import io.keyport.api.Secret;

/** How the sign-in timeline shows a secret: enough to tell two apart, never enough to use. */
public final class Masking {
  private Masking() {}

  /** The first four and last two characters of a long secret; dots for a short one. */
  public static String partly(Secret secret) {
    if (secret == null) {
      return "";
    }
    String v = secret.reveal();
    if (v.length() < 12) {
      return "••••";
    }
    return v.substring(0, 4) + "••••" + v.substring(v.length() - 2);
  }

  /** Only the last four characters, as Keyport shows tokens elsewhere. */
  public static String last4(Secret secret) {
    return secret == null ? "" : "••••" + secret.last4();
  }
}
