package io.keyport.api;

/** {@code GET /health}: the server takes requests. */
public record Health(String status, String version) {}
