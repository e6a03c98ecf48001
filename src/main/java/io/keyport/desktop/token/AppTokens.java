package io.keyport.desktop.token;

import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.api.TokenRequest;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Dates;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.session.Session;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The user's own tokens for an app as the vault keeps them: one per server, account and client id.
 */
public final class AppTokens {
  /** How the desktop shows a token's dates. */
  static final DateTimeFormatter DATE_TIME = Dates.DATE_TIME;

  private AppTokens() {}

  /**
   * The embedded server's name in the vault. Its port can change from one launch to the next (8470
   * or the next free one) while its data stays the same, so its tokens are not filed under a URL.
   */
  public static final String EMBEDDED_SERVER = "embedded server";

  public static VaultKey keyFor(Session session, App app) {
    return new VaultKey(serverOf(session), session.username(), app.clientId());
  }

  /** The server as the vault knows it: the team server's URL, or {@link #EMBEDDED_SERVER}. */
  public static String serverOf(Session session) {
    return session.embedded() ? EMBEDDED_SERVER : session.baseUrl().toString();
  }

  /** The vault's index line for this app's token, if one is kept: no keychain access. */
  public static Optional<VaultEntry> entryFor(Vault vault, Session session, App app) {
    VaultKey key = keyFor(session, app);
    return vault.list().stream().filter(e -> key.equals(e.key())).findFirst();
  }

  /**
   * Issues the user's token for {@code app} with {@code scopes} (living {@code expiresInDays}, null
   * for ever) and keeps it in the vault, replacing the earlier one: what Generate in the scope
   * checklist and Renew do. Blocking.
   */
  public static GeneratedToken generate(
      Vault vault,
      Session session,
      App app,
      List<String> scopes,
      Integer expiresInDays,
      boolean replacing) {
    AccessToken issued =
        session.client().generateToken(app.id(), new TokenRequest(scopes, expiresInDays));
    return keep(vault, session, app, issued, replacing);
  }

  /**
   * Keeps a freshly issued token in the vault, replacing the app's earlier one. Blocking. Returns
   * the outcome the "Your new access token" dialog shows; the token is never written anywhere else.
   */
  public static GeneratedToken keep(
      Vault vault, Session session, App app, AccessToken issued, boolean replaced) {
    Secret token = issued.accessToken();
    Token info = issued.token();
    List<String> scopes = info == null ? List.of() : info.scopes();
    Instant created = info == null || info.createdAt() == null ? Instant.now() : info.createdAt();
    Instant expires = info == null ? null : info.expiresAt();
    VaultEntry entry =
        new VaultEntry(keyFor(session, app), app.name(), scopes, created, token.last4(), expires);
    try {
      vault.store(entry, token);
      return new GeneratedToken(
          app, session.baseUrl(), token, info, replaced, vault.keychainName(), null);
    } catch (KeychainUnavailableException e) {
      return new GeneratedToken(
          app, session.baseUrl(), token, info, replaced, null, e.getMessage());
    }
  }

  /**
   * Revokes the kept token on the server (unless the server already holds it dead) and removes it
   * from the vault. Blocking.
   */
  /** The token kept under {@code key}, or a failure saying the keychain no longer holds it. */
  static Secret readOrFail(Vault vault, VaultKey key) throws KeychainUnavailableException {
    return vault
        .read(key)
        .orElseThrow(
            () ->
                new KeychainUnavailableException(
                    vault.keychainName() + " no longer holds this token. Generate a new one."));
  }

  static void revoke(Vault vault, Session session, VaultEntry kept)
      throws KeychainUnavailableException {
    Optional<Secret> token = vault.read(kept.key());
    if (token.isPresent()) {
      try {
        session.client().withToken(token.get()).revokeCurrentToken();
      } catch (ApiException e) {
        // already dead on the server (revoked, expired, unknown): nothing left to revoke there
        if (!(e.is(ErrorSlug.NOT_AUTHORIZED)
            || e.is(ErrorSlug.INVALID_TOKEN)
            || e.is(ErrorSlug.TOKEN_EXPIRED))) {
          throw e;
        }
      }
    }
    vault.delete(kept.key());
  }

  /** "It works: GET /stream/0/token answered for alice, app …": what Test found. */
  static String describeWorking(Token token) {
    StringBuilder out = new StringBuilder("It works: GET /stream/0/token answered");
    if (token.user() != null) {
      out.append(" for ").append(token.user().username());
    }
    if (token.app() != null) {
      out.append(", app ").append(token.app().name());
    }
    if (token.scopes() != null) {
      out.append(", scopes ").append(String.join(", ", token.scopes()));
    }
    if (token.expiresAt() != null) {
      out.append(", expires ").append(DATE_TIME.format(token.expiresAt()));
    }
    return out.append('.').toString();
  }

  /** When a token expires: "never", its date and time, or "expired …" once past {@code now}. */
  static String expiry(Instant expiresAt, Instant now) {
    if (expiresAt == null) {
      return "never";
    }
    return (expiresAt.isAfter(now) ? "" : "expired ") + Dates.format(expiresAt);
  }

  /**
   * A failure as the tokens block says it: the keychain's own words, else {@link
   * Failures#describe}.
   */
  static String describe(Throwable error) {
    if (error instanceof KeychainUnavailableException keychain) {
      return keychain.getMessage();
    }
    return Failures.describe(error);
  }
}
