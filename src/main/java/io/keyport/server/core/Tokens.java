package io.keyport.server.core;

import io.keyport.api.ErrorSlug;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.server.crypto.Hashing;
import io.keyport.server.store.AccountStore.AccountRow;
import io.keyport.server.store.TokenStore;
import io.keyport.server.store.TokenStore.TokenRow;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Issuing tokens and recognising them. */
public final class Tokens {
  private final TokenStore store;
  private final Clock clock;

  public Tokens(TokenStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * A fresh {@code basic,developer} token of the first-party desktop client for the account; the
   * account's earlier desktop sessions stop working.
   */
  public Secret mintDesktopSession(AccountRow account) {
    Instant now = clock.instant();
    store.revokeDesktopSessions(account.id(), now);
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    store.insert(Hashing.sha256Hex(token), "user", account.id(), null, Scopes.DESKTOP_CLIENT_ID,
        List.of(Scopes.BASIC, Scopes.DEVELOPER), token.last4(), now, null);
    return token;
  }

  /** The caller a bearer token stands for; a malformed token is refused before any lookup. */
  public Caller authenticate(Secret token) {
    if (TokenFormat.kindOf(token.reveal()) == null
        || TokenFormat.kindOf(token.reveal()) == TokenFormat.Kind.CLIENT_SECRET) {
      throw new ApiFailure(ErrorSlug.INVALID_TOKEN, "The access token is malformed.");
    }
    TokenRow row = store.byHash(Hashing.sha256Hex(token))
        .orElseThrow(() -> new ApiFailure(ErrorSlug.INVALID_TOKEN, "The access token is not known."));
    if (row.revokedAt() != null) {
      throw new ApiFailure(ErrorSlug.NOT_AUTHORIZED, "The access token was revoked.");
    }
    if (row.expiresAt() != null && !clock.instant().isBefore(row.expiresAt())) {
      throw new ApiFailure(ErrorSlug.TOKEN_EXPIRED, "The access token has expired.");
    }
    return new Caller(row.id(), row.kind(), row.accountId(), row.appId(), row.clientId(), row.scopes());
  }
}
