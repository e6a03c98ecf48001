package io.keyport.server.core;

import java.time.Instant;

/**
 * An app whose client credentials were just checked: what its app token is issued to and describes,
 * and the live client secret that matched ({@code secretExpiresAt} null while it is the current
 * one), to which the app token is bound.
 */
public record ClientApp(
    long id,
    String clientId,
    String name,
    String website,
    long secretId,
    Instant secretExpiresAt) {}
