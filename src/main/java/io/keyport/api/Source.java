package io.keyport.api;

/**
 * The app whose token wrote a post or a message: as it was named when it wrote, kept even after the
 * app is deleted.
 */
public record Source(String clientId, String name, String link) {}
