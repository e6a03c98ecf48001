package io.keyport.api;

import java.time.Instant;

/**
 * One live client secret of an app as {@code GET /account/0/apps/{id}/secrets} lists it: never the
 * secret, only its last four characters. {@code expiresAt} null: the app's current secret;
 * otherwise when it stops (the end of a rotation's overlap). {@code lastUsedAt}: to the minute,
 * null if never used.
 */
public record ClientSecretInfo(
    String id, String last4, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {}
