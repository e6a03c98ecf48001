package io.keyport.server.core;

/** An account as the rules hand it out: who it is, never how it signs in (no password hash). */
public record Account(long id, String username, String name) {}
