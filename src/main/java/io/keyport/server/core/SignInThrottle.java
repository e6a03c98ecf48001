package io.keyport.server.core;

/**
 * The seam for sign-in throttling (API.md: 429 after 10 failed sign-ins in 5 minutes, per username
 * and per client address). {@link Accounts#signIn} — the one sign-in path, for the password grant
 * and any sign-in form alike — reserves an attempt before it verifies a password and gives it back
 * when the password was right. Reserving first, not counting after the slow hash, is what keeps
 * sign-ins that arrive at once from checking more passwords than the limit. {@link #NONE} throttles
 * nothing; the server wires the real one. Keys may be anything the implementation likes, but never
 * the password.
 */
public interface SignInThrottle {

  /**
   * Before a password is checked: takes one attempt from the username's and the address's
   * allowance, or throws {@link ApiFailure} {@code rate-limited} (with Retry-After) and takes none.
   * An attempt not given back counts as a failure (unknown username or wrong password alike).
   */
  void reserve(String username, String address);

  /** The password was right: the attempt {@link #reserve} took is given back. */
  void succeeded(String username, String address);

  SignInThrottle NONE =
      new SignInThrottle() {
        @Override
        public void reserve(String username, String address) {}

        @Override
        public void succeeded(String username, String address) {}
      };
}
