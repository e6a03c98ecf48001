package io.keyport.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /stream/0/channels/{id}/messages}: a new message. */
public record NewMessage(String text, List<Annotation> annotations) {

  /**
   * A broadcast: its subject in a {@code net.app.core.broadcast.message.metadata} annotation, the
   * text (may be empty), and a link as a {@code net.app.core.crosspost} annotation (null: none).
   */
  public static NewMessage broadcast(String subject, String text, String link) {
    List<Annotation> annotations = new ArrayList<>();
    annotations.add(
        new Annotation(
            Annotation.BROADCAST_MESSAGE_METADATA,
            JsonNodeFactory.instance.objectNode().put("subject", subject)));
    if (link != null && !link.isEmpty()) {
      annotations.add(
          new Annotation(
              Annotation.CROSSPOST,
              JsonNodeFactory.instance.objectNode().put("canonical_url", link)));
    }
    return new NewMessage(text == null || text.isEmpty() ? null : text, List.copyOf(annotations));
  }
}
