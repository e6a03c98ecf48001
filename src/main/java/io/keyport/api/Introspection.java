package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 7662's answer of {@code POST /oauth/introspect}: {@code active} and, for a live token issued
 * to the asking client, its space-separated scopes, client, user and times (seconds since the
 * epoch). An inactive token is just {@code {"active": false}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Introspection(
    boolean active,
    String scope,
    String clientId,
    String username,
    Long exp,
    Long iat,
    String tokenType) {

  public static Introspection inactive() {
    return new Introspection(false, null, null, null, null, null, null);
  }
}
