package io.keyport.server.core;

import io.keyport.api.User;
import io.keyport.server.store.AccountStore;
import io.keyport.server.store.AccountStore.AccountRow;
import java.time.Clock;
import java.util.Locale;

/** Accounts: the local account of the embedded server, and how an account shows on the wire. */
public final class Accounts {
  private final AccountStore store;
  private final Clock clock;
  private final String publicUrl;

  public Accounts(AccountStore store, Clock clock, String publicUrl) {
    this.store = store;
    this.clock = clock;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** The passwordless account of the OS user on the embedded server, created on first start. */
  public AccountRow ensureLocal(String osUserName) {
    String username = usernameFor(osUserName);
    return store.byUsername(username)
        .orElseGet(() -> store.create(username, osUserName, null, clock.instant()));
  }

  public AccountRow byId(long id) {
    return store.byId(id).orElseThrow(() -> ApiFailure.notFound("user"));
  }

  public User toUser(AccountRow row) {
    String name = row.name() == null ? row.username() : row.name();
    return new User(Long.toString(row.id()), row.username(), name, publicUrl + "/" + row.username());
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
