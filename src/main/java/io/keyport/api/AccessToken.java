package io.keyport.api;

/** An issued token: {@code {"access_token": "...", "token_type": "bearer", "token": {Token}}}. */
public record AccessToken(Secret accessToken, String tokenType, Token token) {
  public static AccessToken bearer(Secret accessToken, Token token) {
    return new AccessToken(accessToken, "bearer", token);
  }
}
