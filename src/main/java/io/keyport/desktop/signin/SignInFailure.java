package io.keyport.desktop.signin;

import java.util.List;
import java.util.Optional;

/**
 * A sign-in that did not end with a token, said in the user's terms. {@link #difference} is set for
 * a redirect mismatch, {@link #freePort} for a taken port. The message never holds a secret.
 */
public final class SignInFailure extends Exception {
  /** What went wrong. */
  public enum Reason {
    REDIRECT_MISMATCH,
    ACCESS_DENIED,
    STATE_MISMATCH,
    TIMEOUT,
    INVALID_GRANT,
    PORT_TAKEN,
    BROWSER,
    NOT_A_REDIRECT,
    CANCELLED,
    SERVER_ERROR
  }

  private final Reason reason;
  private final transient CallbackDifference difference;
  private final List<String> registered;
  private final int freePort;

  SignInFailure(
      Reason reason,
      String message,
      CallbackDifference difference,
      List<String> registered,
      int freePort,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.difference = difference;
    this.registered = registered == null ? List.of() : List.copyOf(registered);
    this.freePort = freePort;
  }

  static SignInFailure of(Reason reason, String message) {
    return new SignInFailure(reason, message, null, null, -1, null);
  }

  public Reason reason() {
    return reason;
  }

  public Optional<CallbackDifference> difference() {
    return Optional.ofNullable(difference);
  }

  /** The app's registered callback URLs, shown beside a mismatch. */
  public List<String> registered() {
    return registered;
  }

  /** A free loopback port to try instead, or -1. */
  public int freePort() {
    return freePort;
  }
}
