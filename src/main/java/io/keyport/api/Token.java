package io.keyport.api;

import java.time.Instant;
import java.util.List;

/**
 * What a token is: whose, for which app, with which scopes. Never the token string itself. {@code
 * lastUsedAt}: when it last authenticated a request, to the minute (null: not yet).
 */
public record Token(
    TokenApp app,
    List<String> scopes,
    User user,
    Instant createdAt,
    Instant expiresAt,
    String last4,
    Instant lastUsedAt) {

  public Token withLastUsedAt(Instant at) {
    return new Token(app, scopes, user, createdAt, expiresAt, last4, at);
  }

  /** The app a token was issued to, as App.net showed it. */
  public record TokenApp(String clientId, String name, String link) {}
}
