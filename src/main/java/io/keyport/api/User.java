package io.keyport.api;

/** A Keyport account as the API shows it. */
public record User(String id, String username, String name, String canonicalUrl) {}
