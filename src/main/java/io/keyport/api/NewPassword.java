package io.keyport.api;

/**
 * The body of {@code PUT /account/0/users/me/password}: the new password, and the current one when
 * the account has one already (null otherwise). Both are {@link Secret}s, so the record prints
 * masked.
 */
public record NewPassword(Secret password, Secret currentPassword) {}
