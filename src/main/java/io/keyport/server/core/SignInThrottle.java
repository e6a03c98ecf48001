package io.keyport.server.core;

/**
 * The seam for sign-in throttling (API.md: 429 after 10 failed sign-ins in 5 minutes, per username
 * and per client address). {@link Accounts#signIn} asks {@link #check} before it verifies a
 * password and reports every outcome. {@link #NONE} throttles nothing; the server wires the real
 * one. Keys may be anything the implementation likes, but never the password.
 */
public interface SignInThrottle {

  /** Before a password is checked: throws {@link ApiFailure} {@code rate-limited} (with Retry-After) to refuse. */
  void check(String username, String address);

  /** A sign-in failed (unknown username or wrong password — the caller is not told which). */
  void failed(String username, String address);

  /** A sign-in succeeded. */
  void succeeded(String username, String address);

  SignInThrottle NONE = new SignInThrottle() {
    @Override
    public void check(String username, String address) {}

    @Override
    public void failed(String username, String address) {}

    @Override
    public void succeeded(String username, String address) {}
  };
}
