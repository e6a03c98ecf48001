package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A channel (App.net's shape, as a subset): who reads it and who writes to it. A channel of type
 * {@link #BROADCAST} with a {@code net.app.core.broadcast.metadata} annotation is a broadcast
 * channel.
 */
public record Channel(
    String id,
    String type,
    User owner,
    Acl readers,
    Acl editors,
    List<Annotation> annotations,
    Instant createdAt) {

  public static final String BROADCAST = "net.app.core.broadcast";

  /**
   * Who may read or write: anyone at all ({@code public}, readers only), any signed-in user, or the
   * users listed; {@code you}: whether the caller is among them (the owner always is).
   */
  public record Acl(
      @JsonProperty("public") boolean isPublic,
      boolean anyUser,
      List<String> userIds,
      Boolean you) {}

  /** The broadcast title of the metadata annotation, or null. */
  public String title() {
    return metadata("title");
  }

  public String description() {
    return metadata("description");
  }

  private String metadata(String field) {
    if (annotations == null) {
      return null;
    }
    return annotations.stream()
        .filter(a -> Annotation.BROADCAST_METADATA.equals(a.type()))
        .map(a -> a.value() == null ? null : a.value().path(field))
        .filter(v -> v != null && v.isTextual())
        .map(v -> v.textValue())
        .findFirst()
        .orElse(null);
  }
}
