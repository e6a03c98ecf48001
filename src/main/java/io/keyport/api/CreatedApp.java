package io.keyport.api;

import java.time.Instant;
import java.util.List;

/** What {@code POST /account/0/apps} returns, once: the app plus its client secret. */
public record CreatedApp(
    String id,
    String clientId,
    String name,
    String website,
    List<String> callbackUrls,
    Instant createdAt,
    Instant updatedAt,
    String version,
    Secret clientSecret) {

  public static CreatedApp of(App app, Secret clientSecret) {
    return new CreatedApp(
        app.id(),
        app.clientId(),
        app.name(),
        app.website(),
        app.callbackUrls(),
        app.createdAt(),
        app.updatedAt(),
        app.version(),
        clientSecret);
  }

  public App app() {
    return new App(id, clientId, name, website, callbackUrls, createdAt, updatedAt, version);
  }
}
