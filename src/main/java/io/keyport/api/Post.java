package io.keyport.api;

import java.time.Instant;
import java.util.List;

/** A post as the API shows it (App.net's shape, as a subset). */
public record Post(
    String id,
    User user,
    String text,
    List<Annotation> annotations,
    Source source,
    Instant createdAt) {}
