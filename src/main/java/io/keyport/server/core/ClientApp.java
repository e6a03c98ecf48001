package io.keyport.server.core;

/** An app whose client credentials were just checked: what its app token is issued to and describes. */
public record ClientApp(long id, String clientId, String name, String website) {}
