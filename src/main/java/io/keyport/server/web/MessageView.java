package io.keyport.server.web;

/** The error page and the signed-out page: a title, what happened, and a hint (null for none). */
public record MessageView(String title, String message, String hint) {}
