package io.keyport.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code POST /stream/0/channels}: a new channel. */
public record NewChannel(
    String type, Channel.Acl readers, Channel.Acl editors, List<Annotation> annotations) {

  /**
   * App.net's broadcast channel: type {@code net.app.core.broadcast}, public readers, the creator
   * its only editor, and a {@code net.app.core.broadcast.metadata} annotation {title, description}.
   */
  public static NewChannel broadcast(String title, String description) {
    ObjectNode value = JsonNodeFactory.instance.objectNode().put("title", title);
    if (description != null && !description.isEmpty()) {
      value.put("description", description);
    }
    return new NewChannel(
        Channel.BROADCAST,
        new Channel.Acl(true, false, List.of(), null),
        new Channel.Acl(false, false, List.of(), null),
        List.of(new Annotation(Annotation.BROADCAST_METADATA, value)));
  }
}
