package io.keyport.server.core;

import java.util.List;

/**
 * Who a request comes from, as its token says. {@code accountId} is null for an app token; {@code
 * appId} is null for the first-party desktop client.
 */
public record Caller(
    long tokenId, String kind, Long accountId, Long appId, String clientId, List<String> scopes) {

  public boolean has(String scope) {
    return scopes.contains(scope);
  }

  public boolean isUser() {
    return accountId != null;
  }
}
