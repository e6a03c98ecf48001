package io.keyport.api;

/** An RFC 6749 error body from {@code /oauth/*}. */
public record OAuthError(String error, String errorDescription) {}
