package io.keyport.api;

/** The body of {@code POST /account/0/users}. */
public record NewUser(String username, Secret password, String name) {}
