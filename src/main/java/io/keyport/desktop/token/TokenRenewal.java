package io.keyport.desktop.token;

import io.keyport.api.App;
import io.keyport.api.Token;
import io.keyport.desktop.session.Session;
import io.keyport.vault.Vault;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renew (UX.md 13): a new token for each expiring one, with the same scopes and lifetime, kept in
 * the vault in its place, then checked with {@code GET /stream/0/token}. Blocking.
 */
public final class TokenRenewal {
  private TokenRenewal() {}

  /** How one renewal went: the token kept, and what the server said of it (null if it failed). */
  public record Renewed(String appName, GeneratedToken generated, Token working, String failure) {
    public boolean ok() {
      return failure == null;
    }

    /** "Weather bot: renewed, kept in …; it works, expires …" or "Weather bot: <why not>". */
    public String describe() {
      if (!ok()) {
        return appName + ": " + failure;
      }
      String until =
          working.expiresAt() == null
              ? ""
              : ", expires " + AppTokens.DATE_TIME.format(working.expiresAt());
      return appName + ": renewed, kept in " + generated.savedTo() + ";\nit works" + until;
    }
  }

  /** Renews each of {@code expiring} whose app is among {@code apps}. */
  public static List<Renewed> renew(
      Vault vault, Session session, List<App> apps, List<TokenExpiry> expiring) {
    List<Renewed> out = new ArrayList<>();
    for (TokenExpiry old : expiring) {
      String name = old.entry().appName();
      Optional<App> app =
          apps.stream().filter(a -> a.clientId().equals(old.entry().key().clientId())).findFirst();
      if (app.isEmpty()) {
        out.add(new Renewed(name, null, null, "this app is no longer on the server"));
        continue;
      }
      try {
        GeneratedToken generated =
            AppTokens.generate(
                vault, session, app.get(), old.entry().scopes(), old.renewalDays(), true);
        if (!generated.saved()) {
          out.add(new Renewed(name, generated, null, generated.notSavedReason()));
          continue;
        }
        Token working = session.client().withToken(generated.token()).currentToken();
        out.add(new Renewed(name, generated, working, null));
      } catch (RuntimeException e) {
        out.add(new Renewed(name, null, null, AppTokens.describe(e)));
      }
    }
    return out;
  }
}
