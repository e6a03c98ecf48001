package io.keyport.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * App.net's annotation: a {@code type} named like a reverse domain ({@code net.app.core.crosspost})
 * and a JSON object {@code value} (at most 8 KiB of JSON; at most 16 on one object).
 */
public record Annotation(String type, JsonNode value) {
  /** A broadcast channel's title and description ({@code {title, description}}). */
  public static final String BROADCAST_METADATA = "net.app.core.broadcast.metadata";

  /** A broadcast's subject ({@code {subject}}). */
  public static final String BROADCAST_MESSAGE_METADATA = "net.app.core.broadcast.message.metadata";

  /** A link the post or message is about ({@code {canonical_url}}). */
  public static final String CROSSPOST = "net.app.core.crosspost";
}
