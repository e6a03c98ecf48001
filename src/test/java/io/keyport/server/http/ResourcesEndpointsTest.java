package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertInvalid;
import static io.keyport.server.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Posts, the profile, channels and messages (API.md, "Resources"): every endpoint and every scope
 * rule, the readers/editors lists, reading public channels without a token, {@code source} kept
 * after the app is deleted, annotations and text limits, App.net's pages; on H2 and PostgreSQL.
 */
class ResourcesEndpointsTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    Http http;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server = backend().start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
      http = Http.to(server.baseUrl());
    }

    @AfterAll
    void stop() {
      server.close();
    }

    /** A developer, one app of theirs, and the developer's own token for it with {@code scopes}. */
    record User(Http dev, String appId, String clientId, String userId, Http token) {}

    User user(String appName, String... scopes) {
      Http dev = http.bearer(Fixtures.developer(http));
      JsonNode app = Fixtures.createApp(dev, null, appName);
      return withToken(dev, app, scopes);
    }

    User withToken(Http dev, JsonNode app, String... scopes) {
      List<String> quoted = new ArrayList<>();
      for (String s : scopes) {
        quoted.add(json(s));
      }
      JsonNode own =
          Fixtures.ownToken(
              dev,
              null,
              app.path("id").asText(),
              "{\"scopes\": [" + String.join(", ", quoted) + "]}");
      return new User(
          dev,
          app.path("id").asText(),
          app.path("client_id").asText(),
          own.path("token").path("user").path("id").asText(),
          http.bearer(own.path("access_token").asText()));
    }

    static String broadcastChannel(String title) {
      return "{\"type\": \"net.app.core.broadcast\", \"readers\": {\"public\": true},"
          + " \"annotations\": [{\"type\": \"net.app.core.broadcast.metadata\","
          + " \"value\": {\"title\": "
          + json(title)
          + ", \"description\": \"News\"}}]}";
    }

    static String broadcast(String subject, String text) {
      return "{\"text\": "
          + (text == null ? "null" : json(text))
          + ", \"annotations\": ["
          + "{\"type\": \"net.app.core.broadcast.message.metadata\", \"value\": {\"subject\": "
          + json(subject)
          + "}},"
          + "{\"type\": \"net.app.core.crosspost\", \"value\": {\"canonical_url\": \"https://example.com/news\"}}]}";
    }

    String createBroadcastChannel(User u) {
      Http.Response r = u.token().postJson("/stream/0/channels", broadcastChannel("Releases"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return r.data().path("id").asText();
    }

    // ---- messages posted at once (committed together) ----

    @Test
    void messagesPostedAtOnceEachKeepTheirOwnIdTextAndAnnotations() throws Exception {
      User u = user(Fixtures.uniqueName("Crowd"), "public_messages");
      String messages = "/stream/0/channels/" + createBroadcastChannel(u) + "/messages";
      int n = 16;
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<Http.Response>> sent = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      try {
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
          String body = broadcast("Subject " + i, "Text " + i);
          sent.add(
              pool.submit(
                  () -> {
                    go.await();
                    return u.token().postJson(messages, body);
                  }));
        }
        go.countDown();
        for (Future<Http.Response> f : sent) {
          Http.Response r = f.get(60, TimeUnit.SECONDS);
          assertThat(r.status()).as(r.toString()).isEqualTo(200);
          String text = r.data().path("text").asText();
          assertThat(r.data().path("annotations").get(0).path("value").path("subject").asText())
              .isEqualTo(text.replace("Text", "Subject"));
          ids.add(r.data().path("id").asText());
        }
        assertThat(ids).hasSize(n);
      } finally {
        pool.shutdownNow();
      }
      // Read back a page at a time, newest first: each as it was sent.
      Http.Response first = http.get(messages + "?count=10");
      Http.Response rest =
          http.get(messages + "?count=10&before_id=" + first.meta().path("min_id").asText());
      List<JsonNode> read = new ArrayList<>();
      first.data().forEach(read::add);
      rest.data().forEach(read::add);
      assertThat(read).hasSize(n);
      long previous = Long.MAX_VALUE;
      for (JsonNode m : read) {
        long id = Long.parseLong(m.path("id").asText());
        assertThat(id).isLessThan(previous);
        previous = id;
        assertThat(ids).contains(m.path("id").asText());
        assertThat(m.path("annotations")).hasSize(2);
        assertThat(m.path("annotations").get(0).path("value").path("subject").asText())
            .isEqualTo(m.path("text").asText().replace("Text", "Subject"));
      }
    }

    // ---- the held-out script's path ----

    @Test
    void broadcastWithPublicMessagesTokenThenReadWithoutAToken() {
      User u = user(Fixtures.uniqueName("Caster"), "public_messages");
      Http.Response created =
          u.token().postJson("/stream/0/channels", broadcastChannel("Releases"));
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      JsonNode channel = created.data();
      String id = channel.path("id").asText();
      assertThat(id).matches("[0-9]+");
      assertThat(channel.path("type").asText()).isEqualTo("net.app.core.broadcast");
      assertThat(channel.path("owner").path("id").asText()).isEqualTo(u.userId());
      assertThat(channel.path("readers").path("public").asBoolean()).isTrue();
      assertThat(channel.path("editors").path("you").asBoolean()).isTrue();
      assertThat(channel.path("annotations").get(0).path("value").path("title").asText())
          .isEqualTo("Releases");

      Http.Response sent =
          u.token()
              .postJson(
                  "/stream/0/channels/" + id + "/messages",
                  broadcast("Version 2 is out", "Faster and smaller."));
      assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
      JsonNode message = sent.data();
      assertThat(message.path("channel_id").asText()).isEqualTo(id);
      assertThat(message.path("text").asText()).isEqualTo("Faster and smaller.");
      assertThat(message.path("user").path("id").asText()).isEqualTo(u.userId());
      JsonNode source = message.path("source");
      assertThat(source.path("client_id").asText()).isEqualTo(u.clientId());
      assertThat(source.path("name").asText()).startsWith("Caster");
      assertThat(source.path("link").asText()).isEqualTo("https://example.com");
      assertThat(message.path("annotations").get(0).path("value").path("subject").asText())
          .isEqualTo("Version 2 is out");

      // Anyone reads a public channel and its messages, without a token.
      Http.Response anonChannel = http.get("/stream/0/channels/" + id);
      assertThat(anonChannel.status()).as(anonChannel.toString()).isEqualTo(200);
      assertThat(anonChannel.data().path("readers").path("you").isNull()).isTrue();
      Http.Response anonMessages = http.get("/stream/0/channels/" + id + "/messages");
      assertThat(anonMessages.status()).as(anonMessages.toString()).isEqualTo(200);
      assertThat(anonMessages.data().get(0).path("id").asText())
          .isEqualTo(message.path("id").asText());
      assertThat(anonMessages.data().get(0).path("source").path("client_id").asText())
          .isEqualTo(u.clientId());
      assertThat(anonMessages.header("X-RateLimit-Limit")).isNotNull();
    }

    @Test
    void basicOnlyTokenGets403NamingTheScope() {
      User basic = user(Fixtures.uniqueName("Basic"));
      Http.Response r = basic.token().postJson("/stream/0/channels", broadcastChannel("No"));
      assertError(r, 403, "insufficient-scope");
      assertThat(r.meta().path("error_message").asText()).contains("public_messages");
      assertError(basic.token().get("/stream/0/channels"), 403, "insufficient-scope");

      User caster = user(Fixtures.uniqueName("Caster"), "public_messages");
      String id = createBroadcastChannel(caster);
      Http.Response send =
          basic.token().postJson("/stream/0/channels/" + id + "/messages", broadcast("Hi", null));
      assertError(send, 403, "insufficient-scope");
      assertThat(send.meta().path("error_message").asText()).contains("public_messages");
      // Reading a public channel needs no scope.
      assertThat(basic.token().get("/stream/0/channels/" + id + "/messages").status())
          .isEqualTo(200);
    }

    // ---- channels ----

    @Test
    void privateChannelsNeedMessagesAndOnlyReadersSeeThem() {
      User pub = user(Fixtures.uniqueName("Pub"), "public_messages");
      Http.Response needsMessages =
          pub.token()
              .postJson(
                  "/stream/0/channels",
                  "{\"type\": \"com.example.chat\", \"readers\": {\"public\": false}}");
      assertError(needsMessages, 403, "insufficient-scope");
      assertThat(needsMessages.meta().path("error_message").asText()).contains("'messages'");

      User owner = user(Fixtures.uniqueName("Owner"), "messages");
      User reader = user(Fixtures.uniqueName("Reader"), "messages");
      User editor = user(Fixtures.uniqueName("Editor"), "messages");
      User stranger = user(Fixtures.uniqueName("Stranger"), "messages");
      Http.Response created =
          owner
              .token()
              .postJson(
                  "/stream/0/channels",
                  "{\"type\": \"com.example.chat\", \"readers\": {\"user_ids\": ["
                      + json(reader.userId())
                      + "]},"
                      + " \"editors\": {\"user_ids\": ["
                      + json(editor.userId())
                      + "]}}");
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      String id = created.data().path("id").asText();
      String messages = "/stream/0/channels/" + id + "/messages";

      assertError(http.get("/stream/0/channels/" + id), 404, "not-found");
      assertError(http.get(messages), 404, "not-found");
      assertError(stranger.token().get("/stream/0/channels/" + id), 404, "not-found");
      assertError(stranger.token().postJson(messages, "{\"text\": \"hi\"}"), 404, "not-found");
      assertThat(reader.token().get("/stream/0/channels/" + id).status()).isEqualTo(200);
      assertThat(
              reader
                  .token()
                  .get("/stream/0/channels/" + id)
                  .data()
                  .path("editors")
                  .path("you")
                  .asBoolean())
          .isFalse();
      assertError(reader.token().postJson(messages, "{\"text\": \"hi\"}"), 403, "forbidden");
      Http.Response byEditor = editor.token().postJson(messages, "{\"text\": \"from the editor\"}");
      assertThat(byEditor.status()).as(byEditor.toString()).isEqualTo(200);
      assertThat(reader.token().get(messages).data().get(0).path("text").asText())
          .isEqualTo("from the editor");
      // The editor lists the channel among theirs; the reader does not.
      assertThat(editor.token().get("/stream/0/channels").data())
          .extracting(n -> n.path("id").asText())
          .contains(id);
      assertThat(reader.token().get("/stream/0/channels").data())
          .extracting(n -> n.path("id").asText())
          .doesNotContain(id);
      // A reader whose token lacks 'messages' is told which scope.
      User readerNoScope =
          withToken(
              reader.dev(),
              Fixtures.createApp(reader.dev(), null, Fixtures.uniqueName("R2")),
              "public_messages");
      Http.Response noScope = readerNoScope.token().get(messages);
      assertError(noScope, 403, "insufficient-scope");
      assertThat(noScope.meta().path("error_message").asText()).contains("'messages'");
    }

    @Test
    void listMineWithPublicMessagesShowsPublicChannelsOnly() {
      User owner = user(Fixtures.uniqueName("Both"), "messages");
      String pub = createBroadcastChannel(owner);
      String priv =
          owner
              .token()
              .postJson("/stream/0/channels", "{\"type\": \"com.example.chat\"}")
              .data()
              .path("id")
              .asText();
      assertThat(owner.token().get("/stream/0/channels?include_annotations=1").data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(priv, pub);
      User sameUserPublicOnly =
          withToken(
              owner.dev(),
              Fixtures.createApp(owner.dev(), null, Fixtures.uniqueName("P")),
              "public_messages");
      assertThat(sameUserPublicOnly.token().get("/stream/0/channels").data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(pub);
    }

    @Test
    void channelValidation() {
      User u = user(Fixtures.uniqueName("Val"), "messages");
      String path = "/stream/0/channels";
      assertInvalid(u.token().postJson(path, "{}"), "type");
      assertInvalid(u.token().postJson(path, "{\"type\": \"nodots\"}"), "type");
      assertInvalid(u.token().postJson(path, "{\"type\": 5}"), "type");
      assertInvalid(
          u.token().postJson(path, "{\"type\": \"net.app.core.broadcast\"}"), "annotations");
      assertInvalid(
          u.token()
              .postJson(
                  path,
                  "{\"type\": \"net.app.core.broadcast\", \"annotations\":"
                      + " [{\"type\": \"net.app.core.broadcast.metadata\", \"value\": {\"title\": \"  \"}}]}"),
          "annotations[0].value.title");
      assertInvalid(
          u.token()
              .postJson(path, "{\"type\": \"com.example.x\", \"editors\": {\"public\": true}}"),
          "editors.public");
      assertInvalid(
          u.token()
              .postJson(
                  path, "{\"type\": \"com.example.x\", \"readers\": {\"user_ids\": [\"x\"]}}"),
          "readers.user_ids[0]");
      assertInvalid(
          u.token()
              .postJson(
                  path,
                  "{\"type\": \"com.example.x\", \"readers\": {\"user_ids\": [\"999999999\"]}}"),
          "user_ids");
      assertInvalid(
          u.token()
              .postJson(path, "{\"type\": \"com.example.x\", \"readers\": {\"public\": \"yes\"}}"),
          "readers.public");
      assertInvalid(
          u.token().postJson(path, "{\"type\": \"com.example.x\", \"readers\": []}"), "readers");
      Http.Response r =
          u.token()
              .postJson(
                  path,
                  "{\"type\": \"com.example.x\", \"annotations\": [{\"type\": \"bad type\", \"value\": {}}]}");
      assertInvalid(r, "annotations[0].type");
      assertThat(r.meta().path("error_field").asText()).isEqualTo("annotations[0].type");
      assertInvalid(
          u.token()
              .postJson(
                  path,
                  "{\"type\": \"com.example.x\", \"annotations\": [{\"type\": \"a.b\", \"value\": 3}]}"),
          "annotations[0].value");
      assertInvalid(
          u.token().postJson(path, "{\"type\": \"com.example.x\", \"annotations\": {}}"),
          "annotations");
      assertError(http.get("/stream/0/channels/abc"), 404, "not-found");
      assertError(http.get("/stream/0/channels/99999999"), 404, "not-found");
      assertError(http.postJson(path, broadcastChannel("x")), 401, "invalid-token");
    }

    // ---- messages ----

    @Test
    void annotationLimits() {
      User u = user(Fixtures.uniqueName("Ann"), "public_messages");
      String messages = "/stream/0/channels/" + createBroadcastChannel(u) + "/messages";
      StringBuilder many = new StringBuilder("{\"text\": \"x\", \"annotations\": [");
      for (int i = 0; i < 17; i++) {
        many.append(i == 0 ? "" : ",")
            .append(
                "{\"type\": \"net.app.core.broadcast.message.metadata\","
                    + " \"value\": {\"subject\": \"s\"}}");
      }
      assertInvalid(u.token().postJson(messages, many.append("]}").toString()), "annotations");
      String big = "x".repeat(8 * 1024);
      assertInvalid(
          u.token()
              .postJson(
                  messages,
                  "{\"annotations\": [{\"type\": \"net.app.core.broadcast.message.metadata\","
                      + " \"value\": {\"subject\": \"s\"}}, {\"type\": \"com.example.big\", \"value\": {\"b\": \""
                      + big
                      + "\"}}]}"),
          "annotations[1].value");
      String justFits = "x".repeat(8 * 1024 - 8); // {"b":"…"} is 8 more bytes
      Http.Response ok =
          u.token()
              .postJson(
                  messages,
                  "{\"annotations\": [{\"type\": \"net.app.core.broadcast.message.metadata\","
                      + " \"value\": {\"subject\": \"s\"}}, {\"type\": \"com.example.big\", \"value\": {\"b\": \""
                      + justFits
                      + "\"}}]}");
      assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.data().path("text").isNull()).isTrue();
    }

    @Test
    void broadcastRulesAndTextLimits() {
      User u = user(Fixtures.uniqueName("Lim"), "public_messages");
      String messages = "/stream/0/channels/" + createBroadcastChannel(u) + "/messages";
      assertInvalid(u.token().postJson(messages, "{\"text\": \"no subject\"}"), "annotations");
      assertInvalid(
          u.token().postJson(messages, broadcast("", "x")), "annotations[0].value.subject");
      assertInvalid(
          u.token().postJson(messages, broadcast("s".repeat(257), "x")),
          "annotations[0].value.subject");
      assertThat(u.token().postJson(messages, broadcast("s".repeat(256), "x")).status())
          .isEqualTo(200);
      assertInvalid(u.token().postJson(messages, broadcast("s", "t".repeat(2049))), "text");
      assertThat(u.token().postJson(messages, broadcast("s", "t".repeat(2048))).status())
          .isEqualTo(200);
      assertThat(u.token().postJson(messages, broadcast("s", "😀".repeat(2048))).status())
          .isEqualTo(200);
      assertInvalid(
          u.token()
              .postJson(
                  messages,
                  "{\"annotations\": [{\"type\": \"net.app.core.broadcast.message.metadata\","
                      + " \"value\": {\"subject\": \"s\"}}, {\"type\": \"net.app.core.crosspost\", \"value\": {\"canonical_url\": \"ftp://x\"}}]}"),
          "annotations[1].value.canonical_url");
      assertInvalid(u.token().postJson(messages, "{\"text\": 3}"), "text");
      // An ordinary channel's message needs text.
      User m = user(Fixtures.uniqueName("Chat"), "messages");
      String chat =
          m.token()
              .postJson("/stream/0/channels", "{\"type\": \"com.example.chat\"}")
              .data()
              .path("id")
              .asText();
      assertInvalid(m.token().postJson("/stream/0/channels/" + chat + "/messages", "{}"), "text");
    }

    @Test
    void messagesPageNewestFirstAppNetStyle() {
      User u = user(Fixtures.uniqueName("Pager"), "public_messages");
      String id = createBroadcastChannel(u);
      String messages = "/stream/0/channels/" + id + "/messages";
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(
            0, u.token().postJson(messages, broadcast("n" + i, null)).data().path("id").asText());
      }
      Http.Response first = http.get(messages + "?count=2");
      assertThat(first.data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(ids.get(0), ids.get(1));
      assertThat(first.meta().path("max_id").asText()).isEqualTo(ids.get(0));
      assertThat(first.meta().path("min_id").asText()).isEqualTo(ids.get(1));
      assertThat(first.meta().path("more").asBoolean()).isTrue();
      Http.Response next = http.get(messages + "?count=2&before_id=" + ids.get(1));
      assertThat(next.data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(ids.get(2), ids.get(3));
      Http.Response last = http.get(messages + "?count=2&before_id=" + ids.get(3));
      assertThat(last.data()).extracting(n -> n.path("id").asText()).containsExactly(ids.get(4));
      assertThat(last.meta().path("more").asBoolean()).isFalse();
      Http.Response since = http.get(messages + "?since_id=" + ids.get(2));
      assertThat(since.data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(ids.get(0), ids.get(1));
      assertInvalid(http.get(messages + "?count=0"), "count");
      assertInvalid(http.get(messages + "?count=201"), "count");
      assertInvalid(http.get(messages + "?before_id=x"), "before_id");
      Http.Response empty = http.get(messages + "?since_id=" + ids.get(0));
      assertThat(empty.data()).isEmpty();
      assertThat(empty.meta().path("more").asBoolean()).isFalse();
    }

    @Test
    void deleteOwnMessageOnly() {
      User owner = user(Fixtures.uniqueName("Del"), "public_messages");
      User other = user(Fixtures.uniqueName("Other"), "public_messages");
      String messages = "/stream/0/channels/" + createBroadcastChannel(owner) + "/messages";
      String id =
          owner.token().postJson(messages, broadcast("bye", null)).data().path("id").asText();
      assertError(other.token().delete(messages + "/" + id), 404, "not-found");
      assertError(http.delete(messages + "/" + id), 401, "invalid-token");
      User basic =
          withToken(owner.dev(), Fixtures.createApp(owner.dev(), null, Fixtures.uniqueName("B")));
      assertError(basic.token().delete(messages + "/" + id), 403, "insufficient-scope");
      Http.Response deleted = owner.token().delete(messages + "/" + id);
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      assertThat(deleted.data().path("id").asText()).isEqualTo(id);
      assertThat(http.get(messages).data()).isEmpty();
      assertError(owner.token().delete(messages + "/" + id), 404, "not-found");
      assertError(owner.token().delete(messages + "/abc"), 404, "not-found");
    }

    @Test
    void sourceKeepsTheAppNameAfterTheAppIsDeleted() {
      User u = user(Fixtures.uniqueName("Gone"), "public_messages", "write_post");
      String messages = "/stream/0/channels/" + createBroadcastChannel(u) + "/messages";
      u.token().postJson(messages, broadcast("before", null));
      String post =
          u.token().postJson("/stream/0/posts", "{\"text\": \"hello\"}").data().path("id").asText();
      String name = http.get(messages).data().get(0).path("source").path("name").asText();
      assertThat(u.dev().delete("/account/0/apps/" + u.appId()).status()).isEqualTo(200);
      JsonNode source = http.get(messages).data().get(0).path("source");
      assertThat(source.path("name").asText()).isEqualTo(name);
      assertThat(source.path("client_id").asText()).isEqualTo(u.clientId());
      assertThat(http.get("/stream/0/posts/" + post).data().path("source").path("name").asText())
          .isEqualTo(name);
      // The deleted app's token writes no more.
      assertError(u.token().postJson(messages, broadcast("after", null)), 401, "not-authorized");
    }

    @Test
    void appTokensWriteAsNoOne() {
      Http dev = http.bearer(Fixtures.developer(http));
      JsonNode app = Fixtures.createApp(dev, null, Fixtures.uniqueName("AppTok"));
      String appToken =
          Fixtures.clientCredentials(
                  http, app.path("client_id").asText(), app.path("client_secret").asText())
              .path("access_token")
              .asText();
      assertError(
          http.bearer(appToken).postJson("/stream/0/posts", "{\"text\": \"x\"}"),
          403,
          "insufficient-scope");
    }

    // ---- posts and the profile ----

    @Test
    void postsNeedWritePostAndAreReadByAnyone() {
      User writer = user(Fixtures.uniqueName("Writer"), "write_post", "stream");
      User basic = user(Fixtures.uniqueName("NoWrite"));
      Http.Response refused = basic.token().postJson("/stream/0/posts", "{\"text\": \"x\"}");
      assertError(refused, 403, "insufficient-scope");
      assertThat(refused.meta().path("error_message").asText()).contains("write_post");
      assertInvalid(writer.token().postJson("/stream/0/posts", "{}"), "text");
      assertInvalid(writer.token().postJson("/stream/0/posts", "{\"text\": \"   \"}"), "text");
      assertInvalid(
          writer.token().postJson("/stream/0/posts", "{\"text\": " + json("p".repeat(257)) + "}"),
          "text");
      Http.Response created =
          writer.token().postJson("/stream/0/posts", "{\"text\": " + json("p".repeat(256)) + "}");
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      String id = created.data().path("id").asText();
      assertThat(created.data().path("source").path("client_id").asText())
          .isEqualTo(writer.clientId());
      assertThat(created.data().path("user").path("id").asText()).isEqualTo(writer.userId());

      assertThat(http.get("/stream/0/posts/" + id).data().path("text").asText()).hasSize(256);
      assertThat(basic.token().get("/stream/0/posts/" + id).status()).isEqualTo(200);
      assertError(
          http.bearer("kpu_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").get("/stream/0/posts/" + id),
          401,
          "invalid-token");
      assertError(http.get("/stream/0/posts/12345678901"), 404, "not-found");

      String second =
          writer
              .token()
              .postJson("/stream/0/posts", "{\"text\": \"second\"}")
              .data()
              .path("id")
              .asText();
      assertThat(http.get("/stream/0/users/" + writer.userId() + "/posts").data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(second, id);
      assertThat(writer.token().get("/stream/0/users/me/posts?count=1").data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(second);
      assertError(http.get("/stream/0/users/me/posts"), 401, "invalid-token");
      assertError(http.get("/stream/0/users/99999999/posts"), 404, "not-found");
      assertThat(writer.token().get("/stream/0/posts/stream").data())
          .extracting(n -> n.path("id").asText())
          .containsExactly(second, id);
      Http.Response noStream = basic.token().get("/stream/0/posts/stream");
      assertError(noStream, 403, "insufficient-scope");
      assertThat(noStream.meta().path("error_message").asText()).contains("stream");

      assertError(basic.token().delete("/stream/0/posts/" + id), 403, "insufficient-scope");
      User otherWriter = user(Fixtures.uniqueName("Other"), "write_post");
      assertError(otherWriter.token().delete("/stream/0/posts/" + id), 404, "not-found");
      assertThat(writer.token().delete("/stream/0/posts/" + id).status()).isEqualTo(200);
      assertError(http.get("/stream/0/posts/" + id), 404, "not-found");
    }

    @Test
    void patchUsersMeNeedsUpdateProfile() {
      User basic = user(Fixtures.uniqueName("Prof"));
      Http.Response refused = basic.token().patchJson("/stream/0/users/me", "{\"name\": \"New\"}");
      assertError(refused, 403, "insufficient-scope");
      assertThat(refused.meta().path("error_message").asText()).contains("update_profile");
      User u = user(Fixtures.uniqueName("Prof"), "update_profile");
      Http.Response changed = u.token().patchJson("/stream/0/users/me", "{\"name\": \"Ada L.\"}");
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      assertThat(changed.data().path("name").asText()).isEqualTo("Ada L.");
      assertThat(u.token().get("/stream/0/users/me").data().path("name").asText())
          .isEqualTo("Ada L.");
      assertInvalid(u.token().patchJson("/stream/0/users/me", "{}"), "name");
      assertInvalid(u.token().patchJson("/stream/0/users/me", "{\"name\": \"a\\nb\"}"), "name");
      assertInvalid(
          u.token().patchJson("/stream/0/users/me", "{\"name\": " + json("n".repeat(201)) + "}"),
          "name");
    }

    @Test
    void writesCountAgainstTheWriteLimit() {
      KeyportServer limited =
          backend().start(c -> c.withSignup(true).withLimits(1_000_000, 3, 1_000_000));
      try {
        Http h = Http.to(limited.baseUrl());
        Http dev = h.bearer(Fixtures.developer(h));
        JsonNode app = Fixtures.createApp(dev, null, "Limited");
        String token =
            Fixtures.ownToken(dev, null, app.path("id").asText(), "{\"scopes\": [\"write_post\"]}")
                .path("access_token")
                .asText();
        for (int i = 0; i < 3; i++) {
          assertThat(h.bearer(token).postJson("/stream/0/posts", "{\"text\": \"x\"}").status())
              .isEqualTo(200);
        }
        Http.Response limitedAnswer =
            h.bearer(token).postJson("/stream/0/posts", "{\"text\": \"x\"}");
        assertError(limitedAnswer, 429, "rate-limited");
        assertThat(limitedAnswer.header("Retry-After")).isNotNull();
      } finally {
        limited.close();
      }
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    TestServers backend() {
      return TestServers.H2;
    }
  }

  @Nested
  class OnPostgres extends Contract {
    @Override
    TestServers backend() {
      return TestServers.POSTGRES;
    }
  }
}
