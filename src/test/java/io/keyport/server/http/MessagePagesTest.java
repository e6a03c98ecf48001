package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.KeyportServer;
import io.keyport.server.core.TokenCache;
import io.keyport.testing.Http;
import io.keyport.testing.SharedServers;
import io.keyport.testing.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pages of a channel's messages are remembered between requests (TokenCache, scope messages), and a
 * message posted or deleted still shows in the very next page read: on the server that wrote it at
 * once, on another server of the same PostgreSQL as soon as its write notice arrives (well within
 * {@link TokenCache#MAX_AGE}).
 */
class MessagePagesTest {
  private static SharedServers servers;

  @BeforeAll
  static void start() {
    servers = SharedServers.start();
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  private static KeyportServer server(TestServers kind) {
    return servers.server(kind);
  }

  /** A public broadcast channel of a fresh user: {token, the channel's path}. */
  static String[] channel(Http http) {
    String[] made = ReadCacheTest.channel(http);
    return new String[] {made[0], "/stream/0/channels/" + made[1]};
  }

  /** Posts a broadcast with {@code subject}; its id. */
  static String post(Http http, String[] channel, String subject) {
    Http.Response posted =
        http.bearer(channel[0])
            .postJson(
                channel[1] + "/messages",
                "{\"text\": \""
                    + subject
                    + "\", \"annotations\": [{\"type\":"
                    + " \"net.app.core.broadcast.message.metadata\", \"value\": {\"subject\": \""
                    + subject
                    + "\"}}]}");
    assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
    return posted.data().path("id").asText();
  }

  /** The texts of the 20 newest messages, as read without a token, newest first. */
  static List<String> texts(Http http, String[] channel) {
    return texts(http, channel, 20);
  }

  private static List<String> texts(Http http, String[] channel, int count) {
    Http.Response page = http.get(channel[1] + "/messages?count=" + count);
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    page.data().forEach(m -> out.add(m.path("text").asText()));
    return out;
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void aMessagePostedShowsInTheNextPageReadAndADeletedOneIsGoneFromIt(TestServers kind) {
    Http http = Http.to(server(kind).baseUrl());
    String[] c = channel(http);
    assertThat(texts(http, c)).isEmpty();
    assertThat(texts(http, c)).isEmpty();
    List<String> expected = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      for (int read = 0; read < 3; read++) {
        assertThat(texts(http, c)).as("remembered or not, the same page").isEqualTo(expected);
      }
      ids.add(post(http, c, "m" + i));
      expected.add(0, "m" + i);
      assertThat(texts(http, c)).as("the page right after posting m" + i).isEqualTo(expected);
    }
    assertThat(texts(http, c, 2)).containsExactly("m5", "m4");
    Http.Response deleted = http.bearer(c[0]).delete(c[1] + "/messages/" + ids.get(4));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(texts(http, c)).containsExactly("m4", "m3", "m2", "m1");
    assertThat(texts(http, c, 2)).containsExactly("m4", "m3");
    Http.Response older = http.get(c[1] + "/messages?count=20&before_id=" + ids.get(3));
    assertThat(older.data().size()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(TestServers.class)
  void manyMessagesPostedAtOnceWhileThePageIsReadAllShowInTheNextRead(TestServers kind)
      throws Exception {
    Http http = Http.to(server(kind).baseUrl());
    String[] c = channel(http);
    int posters = 8;
    int each = 10;
    AtomicBoolean posting = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(posters + 2);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  while (posting.get()) {
                    texts(http, c, 200);
                  }
                }));
      }
      List<Future<List<String>>> posted = new ArrayList<>();
      for (int p = 0; p < posters; p++) {
        int poster = p;
        posted.add(
            pool.submit(
                () -> {
                  List<String> mine = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    post(http, c, "p" + poster + "-" + i);
                    mine.add("p" + poster + "-" + i);
                  }
                  return mine;
                }));
      }
      Set<String> all = new HashSet<>();
      for (Future<List<String>> f : posted) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      posting.set(false);
      for (Future<?> f : readers) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(new HashSet<>(texts(http, c, 200))).isEqualTo(all).hasSize(posters * each);
    } finally {
      posting.set(false);
      pool.shutdownNow();
    }
  }

  @Test
  void onPostgresAMessagePostedThroughOneServerShowsInTheOthersNextPageAtOnce() throws Exception {
    Http first = Http.to(servers.pg().baseUrl());
    Http other = Http.to(servers.pgOther().baseUrl());
    String[] c = channel(first);
    post(first, c, "before");
    long rememberedFrom = 0;
    boolean remembered = false;
    // The other server remembers the page: a row written behind its back, with no notice, does not
    // show there (a few tries: it remembers nothing in a moment its notices are not known healthy).
    for (int attempt = 0; attempt < 5 && !remembered; attempt++) {
      rememberedFrom = System.nanoTime();
      assertThat(texts(other, c).get(0)).isIn("before", "unannounced");
      insertUnannounced(c[1], "unannounced");
      remembered = !texts(other, c).contains("unannounced");
    }
    assertThat(remembered).as("the other server remembered the page").isTrue();

    post(first, c, "after");
    assertThat(ReadCacheTest.eventually(() -> texts(other, c).get(0).equals("after")))
        .as("the other server shows the new message within " + ReadCacheTest.NOTICE_BOUND)
        .isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - rememberedFrom))
        .as("before the remembered page was MAX_AGE old: the notice made it forget")
        .isLessThan(TokenCache.MAX_AGE);
    assertThat(texts(other, c)).contains("unannounced", "before");
  }

  @Test
  void onPostgresAMessageDeletedThroughOneServerIsGoneFromTheOthersNextPage() {
    Http first = Http.to(servers.pg().baseUrl());
    Http other = Http.to(servers.pgOther().baseUrl());
    String[] c = channel(first);
    post(first, c, "kept");
    String gone = post(first, c, "gone");
    for (int i = 0; i < 3; i++) {
      assertThat(texts(other, c)).containsExactly("gone", "kept");
    }
    assertThat(first.bearer(c[0]).delete(c[1] + "/messages/" + gone).status()).isEqualTo(200);
    assertThat(ReadCacheTest.eventually(() -> texts(other, c).equals(List.of("kept"))))
        .as("the other server hides the deleted message within " + ReadCacheTest.NOTICE_BOUND)
        .isTrue();
  }

  /** A message of the channel's owner written straight into the database, announced to no one. */
  private static void insertUnannounced(String channelPath, String text) throws SQLException {
    long channel = Long.parseLong(channelPath.substring(channelPath.lastIndexOf('/') + 1));
    try (Connection db =
            DriverManager.getConnection(
                servers.pgConfig().dbUrl(), servers.pgConfig().dbUser(), "");
        PreparedStatement insert =
            db.prepareStatement(
                "insert into messages (channel_id, user_id, text, source_client_id, source_name,"
                    + " created_at) select id, owner_id, ?, 'x', 'Behind its back', now()"
                    + " from channels where id = ?")) {
      insert.setString(1, text);
      insert.setLong(2, channel);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }
}
