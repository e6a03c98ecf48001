package io.keyport.api;

/** One grantable scope as {@code GET /stream/0/scopes} lists it. */
public record Scope(String name, String description, boolean sensitive) {}
