package io.keyport.server.core;

import io.keyport.api.ErrorSlug;
import io.keyport.api.Rules;
import io.keyport.api.Secret;
import io.keyport.api.User;
import io.keyport.server.crypto.Passwords;
import io.keyport.server.store.AccountStore;
import io.keyport.server.store.AccountStore.AccountRow;
import io.keyport.server.store.Jdbc.StoreException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Accounts: sign-up, password sign-in, the local account of the embedded server, and how an account
 * shows on the wire.
 */
public final class Accounts {
  private final AccountStore store;
  private final Passwords passwords;
  private final SignInThrottle throttle;
  private final Clock clock;
  private final Supplier<String> publicUrl;

  /** Accounts by id, remembered between requests (never their password hash). */
  private final TokenCache.Remembered<Long, Account> byId;

  /** {@code cache}: lookups by id remembered between requests ({@link TokenCache}). */
  public Accounts(
      AccountStore store,
      Passwords passwords,
      SignInThrottle throttle,
      Clock clock,
      Supplier<String> publicUrl,
      TokenCache cache) {
    this.store = store;
    this.passwords = passwords;
    this.throttle = throttle;
    this.clock = clock;
    this.publicUrl = publicUrl;
    this.byId = cache.remembering();
  }

  /**
   * A new account with a password (sign-up, {@code server add-user}); 409 {@code username-taken} if
   * it exists.
   */
  public Account create(String username, Secret password, String name) {
    ApiFailure.check(Rules.username(username));
    ApiFailure.check(Rules.password(password == null ? null : password.reveal()));
    ApiFailure.check(Rules.displayName(Rules.NAME, name));
    String displayName = name == null || name.isBlank() ? null : name.strip();
    if (store.byUsername(username).isPresent()) {
      throw taken(username);
    }
    String hash = passwords.hash(password);
    try {
      return account(store.create(username, displayName, hash, clock.instant()));
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        throw taken(username);
      }
      throw e;
    }
  }

  private static ApiFailure taken(String username) {
    return ApiFailure.about(
        ErrorSlug.USERNAME_TAKEN, Rules.USERNAME, "'" + username + "' is taken");
  }

  /**
   * The account whose password this is, or {@code invalid_grant}-worthy empty: the one sign-in
   * path, for the password grant and any sign-in form alike. An attempt is reserved with the
   * throttle before the password is hashed (429 {@code rate-limited} when none is left) and given
   * back only when the password is right. An unknown username takes as long as a wrong password.
   */
  public Optional<Account> signIn(String username, Secret password, String address) {
    throttle.reserve(username, address);
    Optional<AccountRow> account =
        Rules.username(username).isEmpty() ? store.byUsername(username) : Optional.empty();
    boolean ok;
    if (account.isPresent() && account.get().passwordHash() != null) {
      ok = passwords.verify(password, account.get().passwordHash());
    } else {
      passwords.spendVerificationTime(password);
      ok = false;
    }
    if (!ok) {
      return Optional.empty();
    }
    throttle.succeeded(username, address);
    return account.map(Accounts::account);
  }

  /** The passwordless account of the OS user on the embedded server, created on first start. */
  public Account ensureLocal(String osUserName) {
    String username = usernameFor(osUserName);
    return account(
        store
            .byUsername(username)
            .orElseGet(() -> store.create(username, osUserName, null, clock.instant())));
  }

  /**
   * Whether the account has a password: the web sign-in page needs one; the embedded server's local
   * account starts without.
   */
  public boolean hasPassword(long id) {
    return store.byId(id).orElseThrow(() -> ApiFailure.notFound("user")).passwordHash() != null;
  }

  /**
   * {@code PUT /account/0/users/me/password}: gives the account a password, or changes it (like
   * GitLab's "set a password" for accounts made without one). The new password must pass {@link
   * Rules#password} (checked first, so a refused one costs no sign-in attempt). A change needs the
   * current password, checked through {@link #signIn} — the one sign-in path, with its throttle
   * (429 {@code rate-limited}); a wrong one is 403 {@code invalid-password}. An account without a
   * password needs none. Neither password ever reaches a message.
   */
  public void setPassword(long id, Secret password, Secret current, String address) {
    AccountRow row = store.byId(id).orElseThrow(() -> ApiFailure.notFound("user"));
    ApiFailure.check(Rules.password(password == null ? null : password.reveal()));
    if (row.passwordHash() == null) {
      if (store.setFirstPasswordHash(id, passwords.hash(password))) {
        return;
      }
      // another request set one meanwhile: from now on a change, which needs the current one
      row = store.byId(id).orElseThrow(() -> ApiFailure.notFound("user"));
    }
    if (current == null || current.isEmpty()) {
      throw ApiFailure.invalid(Rules.CURRENT_PASSWORD, "Enter your current password to change it.");
    }
    Optional<Account> signedIn = signIn(row.username(), current, address);
    if (signedIn.isEmpty() || signedIn.get().id() != id) {
      throw ApiFailure.about(
          ErrorSlug.INVALID_PASSWORD, Rules.CURRENT_PASSWORD, "That is not your current password.");
    }
    store.setPasswordHash(id, passwords.hash(password));
  }

  /** {@code PATCH /stream/0/users/me}: a new display name (blank: none). */
  public Account rename(long id, String name) {
    ApiFailure.check(Rules.displayName(Rules.NAME, name));
    store.setName(id, name == null || name.isBlank() ? null : name.strip());
    return byId(id);
  }

  public Account byId(long id) {
    return byIdIfAny(id).orElseThrow(() -> ApiFailure.notFound("user"));
  }

  public Optional<Account> byIdIfAny(long id) {
    return byId.get(id, () -> store.byId(id).map(Accounts::account));
  }

  private static Account account(AccountRow row) {
    return new Account(row.id(), row.username(), row.name());
  }

  public User toUser(Account account) {
    String name = account.name() == null ? account.username() : account.name();
    return new User(
        Long.toString(account.id()),
        account.username(),
        name,
        publicUrl() + "/" + account.username());
  }

  /** The URL users reach this server at, without a trailing slash. */
  public String publicUrl() {
    String url = publicUrl.get();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** An OS user name made into a valid username: 1–20 of [a-z0-9_]. */
  static String usernameFor(String osUserName) {
    String lowered = osUserName == null ? "" : osUserName.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (char ch : lowered.toCharArray()) {
      if (out.length() == 20) {
        break;
      }
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      out.append(ok ? ch : '_');
    }
    return out.length() == 0 ? "me" : out.toString();
  }
}
