package io.keyport.desktop.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keyport.api.Annotation;
import io.keyport.api.Channel;
import io.keyport.api.Message;
import io.keyport.api.NewMessage;
import io.keyport.api.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The composer's state without a window: scope fitness, counters, the rules' verdicts, the card.
 */
class BroadcastModelTest {

  static Channel channel(String id, String type, String title) {
    return new Channel(
        id,
        type,
        null,
        new Channel.Acl(true, false, List.of(), true),
        new Channel.Acl(false, false, List.of(), true),
        List.of(
            new Annotation(
                Annotation.BROADCAST_METADATA,
                JsonNodeFactory.instance.objectNode().put("title", title))),
        Instant.now());
  }

  @Test
  void aTokenWithoutPublicMessagesOrMessagesIsExplainedPlainly() {
    assertThat(BroadcastModel.scopeProblem(List.of("basic", "public_messages"), "Radio")).isEmpty();
    assertThat(BroadcastModel.scopeProblem(List.of("basic", "messages"), "Radio")).isEmpty();
    assertThat(BroadcastModel.scopeProblem(List.of("basic", "stream"), "Radio"))
        .get()
        .asString()
        .contains("Radio")
        .contains("public_messages")
        .contains("basic, stream");
    BroadcastModel model = new BroadcastModel();
    model.showChannels(List.of(channel("1", Channel.BROADCAST, "News")), null);
    model.subjectProperty().set("Hello");
    model.tokenScopes(List.of("basic"), "Radio");
    assertThat(model.canSend().get()).isFalse();
    model.tokenScopes(List.of("basic", "public_messages"), "Radio");
    assertThat(model.canSend().get()).isTrue();
  }

  @Test
  void countersAndProblemsFollowTheRules() {
    BroadcastModel model = new BroadcastModel();
    model.tokenScopes(List.of("public_messages"), "Radio");
    model.showChannels(
        List.of(channel("2", "com.example.chat", "x"), channel("1", Channel.BROADCAST, "News")),
        null);
    assertThat(model.channels()).extracting(Channel::id).containsExactly("1");
    assertThat(model.channelProperty().get().id()).isEqualTo("1");

    assertThat(model.subjectCount().get()).isEqualTo("0 / 256");
    assertThat(model.subjectProblem().get()).isNull(); // not typed yet: no error shown
    assertThat(model.canSend().get()).isFalse();
    model.subjectProperty().set("   ");
    assertThat(model.subjectProblem().get()).isNotNull();
    model.subjectProperty().set("s".repeat(257));
    assertThat(model.subjectCount().get()).isEqualTo("257 / 256");
    assertThat(model.subjectProblem().get()).contains("256");
    assertThat(model.canSend().get()).isFalse();
    model.subjectProperty().set("😀".repeat(256));
    assertThat(model.subjectCount().get()).isEqualTo("256 / 256");
    assertThat(model.canSend().get()).isTrue();

    model.textProperty().set("t".repeat(2049));
    assertThat(model.textCount().get()).isEqualTo("2049 / 2048");
    assertThat(model.canSend().get()).isFalse();
    model.textProperty().set("fine");
    model.linkProperty().set("ftp://nope");
    assertThat(model.linkProblem().get()).isNotNull();
    assertThat(model.canSend().get()).isFalse();
    model.linkProperty().set(" https://example.com/v2 ");
    assertThat(model.canSend().get()).isTrue();

    NewMessage message = model.message();
    assertThat(message.text()).isEqualTo("fine");
    assertThat(message.annotations())
        .extracting(Annotation::type)
        .containsExactly(Annotation.BROADCAST_MESSAGE_METADATA, Annotation.CROSSPOST);
    assertThat(message.annotations().get(1).value().path("canonical_url").asText())
        .isEqualTo("https://example.com/v2");
    model.workingProperty().set(true);
    assertThat(model.canSend().get()).isFalse();
  }

  @Test
  void creatingAChannelNeedsATitle() {
    BroadcastModel model = new BroadcastModel();
    model.tokenScopes(List.of("public_messages"), "Radio");
    assertThat(model.canCreate().get()).isFalse();
    model.titleProperty().set("Releases");
    assertThat(model.canCreate().get()).isTrue();
    assertThat(model.newChannel().annotations().get(0).value().path("title").asText())
        .isEqualTo("Releases");
    model.created(channel("9", Channel.BROADCAST, "Releases"));
    assertThat(model.channelProperty().get().id()).isEqualTo("9");
    assertThat(model.titleProperty().get()).isEmpty();
  }

  @Test
  void aSentBroadcastBecomesTheCardAndHeadsTheRecentList() {
    BroadcastModel model = new BroadcastModel();
    model.subjectProperty().set("v2");
    Message sent =
        new Message(
            "5",
            "1",
            null,
            "Faster.",
            NewMessage.broadcast("v2", "Faster.", null).annotations(),
            new Source("abc", "Release Radio", "https://radio.example"),
            Instant.parse("2026-11-30T12:00:00Z"));
    model.sent(sent);
    assertThat(model.sentProperty().get()).isSameAs(sent);
    assertThat(model.recent()).containsExactly(sent);
    assertThat(model.subjectProperty().get()).isEmpty();
    assertThat(BroadcastModel.sentBy(sent)).isEqualTo("sent by Release Radio");
    assertThat(BroadcastModel.when(sent)).isNotBlank();
  }
}
