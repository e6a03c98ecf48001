package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.Channel;
import io.keyport.api.CreatedApp;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Message;
import io.keyport.api.NewApp;
import io.keyport.api.NewChannel;
import io.keyport.api.NewMessage;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.Post;
import io.keyport.api.TokenRequest;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The client's typed methods for posts, channels and messages, against a real server (H2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourcesClientTest {
  KeyportServer server;
  KeyportClient anonymous;
  int names;

  @BeforeAll
  void start() {
    server = TestServers.H2.start(c -> c.withLimits(100_000, 1_000, 10_000));
    anonymous = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  void stop() {
    anonymous.close();
    server.close();
  }

  /** A new account's own token for a new app "Radio N", with {@code scopes}. */
  KeyportClient appToken(String... scopes) {
    KeyportClient dev = anonymous.withToken(server.localSession("caster" + ++names).token());
    CreatedApp app =
        dev.createApp(
            new NewApp(
                "Radio " + names, "https://radio.example", List.of("http://localhost:8000")));
    return anonymous.withToken(
        dev.generateToken(app.id(), new TokenRequest(List.of(scopes), null)).accessToken());
  }

  @Test
  void broadcastRoundTrip() {
    KeyportClient caster = appToken("public_messages");
    Channel channel = caster.createChannel(NewChannel.broadcast("Releases", "What ships"));
    assertThat(channel.type()).isEqualTo(Channel.BROADCAST);
    assertThat(channel.title()).isEqualTo("Releases");
    assertThat(channel.description()).isEqualTo("What ships");
    assertThat(channel.readers().isPublic()).isTrue();
    assertThat(caster.myChannels(PageRequest.first()).items())
        .extracting(Channel::id)
        .containsExactly(channel.id());

    Message sent =
        caster.sendMessage(
            channel.id(), NewMessage.broadcast("v2 is out", "Faster.", "https://radio.example/v2"));
    assertThat(sent.subject()).isEqualTo("v2 is out");
    assertThat(sent.text()).isEqualTo("Faster.");
    assertThat(sent.link()).isEqualTo("https://radio.example/v2");
    assertThat(sent.source().name()).startsWith("Radio ");
    assertThat(sent.createdAt()).isNotNull();

    // Anyone reads it, without a token.
    assertThat(anonymous.getChannel(channel.id()).title()).isEqualTo("Releases");
    Page<Message> page = anonymous.messages(channel.id(), PageRequest.first(5));
    assertThat(page.items()).extracting(Message::id).containsExactly(sent.id());
    assertThat(page.more()).isFalse();
    assertThat(caster.publicMessagesUrl(channel.id()).toString())
        .isEqualTo(server.baseUrl() + "/stream/0/channels/" + channel.id() + "/messages");

    assertThat(caster.deleteMessage(channel.id(), sent.id()).id()).isEqualTo(sent.id());
    assertThat(anonymous.messages(channel.id(), PageRequest.first()).items()).isEmpty();
  }

  @Test
  void missingScopeIsAnApiExceptionNamingIt() {
    KeyportClient basic = appToken();
    ApiException e =
        catchThrowableOfType(
            () -> basic.createChannel(NewChannel.broadcast("x", null)), ApiException.class);
    assertThat(e.is(ErrorSlug.INSUFFICIENT_SCOPE)).isTrue();
    assertThat(e.getMessage()).contains("public_messages");
    ApiException noSubject =
        catchThrowableOfType(
            () ->
                appToken("public_messages").sendMessage("1", NewMessage.broadcast("", null, null)),
            ApiException.class);
    assertThat(noSubject.status()).isIn(400, 404);
  }

  @Test
  void postsAndProfile() {
    KeyportClient writer = appToken("write_post", "stream", "update_profile");
    Post post = writer.createPost("hello");
    assertThat(anonymous.getPost(post.id()).text()).isEqualTo("hello");
    assertThat(writer.userPosts("me", PageRequest.first()).items())
        .extracting(Post::id)
        .containsExactly(post.id());
    assertThat(writer.stream(PageRequest.first()).items())
        .extracting(Post::id)
        .containsExactly(post.id());
    assertThat(writer.updateName("Ada").name()).isEqualTo("Ada");
    assertThat(writer.deletePost(post.id()).id()).isEqualTo(post.id());
  }
}
