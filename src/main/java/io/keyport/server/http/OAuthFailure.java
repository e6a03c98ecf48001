package io.keyport.server.http;

/**
 * An RFC 6749 §5.2 error of {@code /oauth/*}: {@code {"error": ..., "error_description": ...}}.
 * {@code basicChallenge}: the client tried HTTP Basic, so a 401 carries {@code WWW-Authenticate:
 * Basic}. The description goes to the client verbatim and never holds a secret.
 */
final class OAuthFailure extends RuntimeException {
  private final int status;
  private final String error;
  private final boolean basicChallenge;

  OAuthFailure(int status, String error, String description, boolean basicChallenge) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.basicChallenge = basicChallenge;
  }

  static OAuthFailure invalidRequest(String description) {
    return new OAuthFailure(400, "invalid_request", description, false);
  }

  static OAuthFailure invalidClient(String description, boolean basic) {
    return new OAuthFailure(401, "invalid_client", description, basic);
  }

  static OAuthFailure invalidGrant(String description) {
    return new OAuthFailure(400, "invalid_grant", description, false);
  }

  static OAuthFailure unauthorizedClient(String description) {
    return new OAuthFailure(400, "unauthorized_client", description, false);
  }

  static OAuthFailure unsupportedGrantType(String description) {
    return new OAuthFailure(400, "unsupported_grant_type", description, false);
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  boolean basicChallenge() {
    return basicChallenge;
  }
}
