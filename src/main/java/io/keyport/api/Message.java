package io.keyport.api;

import java.time.Instant;
import java.util.List;

/**
 * A message in a channel (App.net's shape, as a subset); {@code text} may be null for a broadcast.
 */
public record Message(
    String id,
    String channelId,
    User user,
    String text,
    List<Annotation> annotations,
    Source source,
    Instant createdAt) {

  /** The value of the first annotation of {@code type}, or null. */
  public Annotation annotation(String type) {
    return annotations == null
        ? null
        : annotations.stream().filter(a -> type.equals(a.type())).findFirst().orElse(null);
  }

  /** The broadcast's subject, or null when this is no broadcast. */
  public String subject() {
    Annotation a = annotation(Annotation.BROADCAST_MESSAGE_METADATA);
    return a == null || a.value() == null || !a.value().path("subject").isTextual()
        ? null
        : a.value().path("subject").textValue();
  }

  /** The link of a {@code net.app.core.crosspost} annotation, or null. */
  public String link() {
    Annotation a = annotation(Annotation.CROSSPOST);
    return a == null || a.value() == null || !a.value().path("canonical_url").isTextual()
        ? null
        : a.value().path("canonical_url").textValue();
  }
}
