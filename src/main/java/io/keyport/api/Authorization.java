package io.keyport.api;

import java.time.Instant;
import java.util.List;

/**
 * An app a user authorized by web sign-in ({@code GET /account/0/authorizations}): the app, the
 * scopes granted, the first and last authorization, and when one of its tokens was last used
 * ({@code null} when the server does not know).
 */
public record Authorization(
    AuthorizedApp app,
    List<String> scopes,
    Instant firstAuthorizedAt,
    Instant lastAuthorizedAt,
    Instant lastUsedAt) {

  /** The app as its user sees it: name, website and the username of who registered it. */
  public record AuthorizedApp(String clientId, String name, String website, String developer) {}
}
