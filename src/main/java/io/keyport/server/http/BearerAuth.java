package io.keyport.server.http;

import io.javalin.http.Context;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Secret;
import io.keyport.server.core.ApiFailure;
import io.keyport.server.core.Caller;
import io.keyport.server.core.Tokens;

/**
 * {@code Authorization: Bearer} only; answers carry the token's scopes in {@code X-OAuth-Scopes}.
 */
final class BearerAuth {
  static final String CALLER = "keyport.caller";
  private final Tokens tokens;

  BearerAuth(Tokens tokens) {
    this.tokens = tokens;
  }

  /** The caller, who must hold {@code scope}. */
  Caller require(Context ctx, String scope) {
    Caller caller = authenticate(ctx);
    if (scope != null && !caller.has(scope)) {
      throw new ApiFailure(
          ErrorSlug.INSUFFICIENT_SCOPE, "This endpoint needs the '" + scope + "' scope.");
    }
    return caller;
  }

  Caller authenticate(Context ctx) {
    Caller known = ctx.attribute(CALLER);
    if (known != null) {
      return known;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new ApiFailure(
          ErrorSlug.INVALID_TOKEN, "An access token is required: Authorization: Bearer <token>.");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiFailure(
          ErrorSlug.INVALID_TOKEN, "Only 'Authorization: Bearer <token>' is accepted.");
    }
    Caller caller = tokens.authenticate(Secret.of(header.substring(7).trim()));
    ctx.attribute(CALLER, caller);
    ctx.header("X-OAuth-Scopes", String.join(",", caller.scopes()));
    return caller;
  }
}
