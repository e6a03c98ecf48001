package io.keyport.api;

import java.time.Instant;
import java.util.List;

/** An app as the API shows it. The client secret is never part of it. */
public record App(
    String id,
    String clientId,
    String name,
    String website,
    List<String> callbackUrls,
    Instant createdAt,
    Instant updatedAt,
    String version) {}
