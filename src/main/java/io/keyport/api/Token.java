package io.keyport.api;

import java.time.Instant;
import java.util.List;

/** What a token is: whose, for which app, with which scopes. Never the token string itself. */
public record Token(
    TokenApp app,
    List<String> scopes,
    User user,
    Instant createdAt,
    Instant expiresAt,
    String last4) {

  /** The app a token was issued to, as App.net showed it. */
  public record TokenApp(String clientId, String name, String link) {}
}
