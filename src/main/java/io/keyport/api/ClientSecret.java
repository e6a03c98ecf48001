package io.keyport.api;

/** The body of a reveal or rotate answer: {@code {"client_secret": "kps_…"}}. */
public record ClientSecret(Secret clientSecret) {}
