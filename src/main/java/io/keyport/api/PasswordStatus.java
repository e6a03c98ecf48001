package io.keyport.api;

/**
 * Whether the signed-in account has a password ({@code GET} and {@code PUT
 * /account/0/users/me/password}): the server's web sign-in page needs one, and the embedded
 * server's local account starts without.
 */
public record PasswordStatus(boolean hasPassword) {}
