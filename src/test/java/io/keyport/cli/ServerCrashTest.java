package io.keyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.testing.Http;
import io.keyport.testing.StandaloneServer;
import io.keyport.testing.TestServers;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * kill -9 mid-write (issue 3, Acceptance): the standalone server on H2, as its own process, takes a
 * stream of writes over HTTP from several clients (apps created, user tokens generated); it is
 * killed while they are in flight and started again on the same data. Every write it acknowledged
 * is there, the database opens cleanly, and every token it issued still works.
 */
class ServerCrashTest {
  static final String PASSWORD = "correct horse battery staple";
  static final int WRITERS = 3;
  static final int ACKNOWLEDGED_BEFORE_KILL = 45;

  /**
   * An acknowledged app: its id, name and client secret, and the user token generated for it, if
   * any.
   */
  record Acked(String id, String name, String clientId, String clientSecret, String userToken) {}

  @Test
  void everyAcknowledgedWriteSurvivesAKillDashNine() throws Exception {
    Path data = TestServers.newDataDir();
    String[] limits = {
      "--read-limit", "1000000", "--write-limit", "1000000", "--anon-limit", "1000000"
    };
    String developerToken;
    Map<String, Acked> acked = new ConcurrentHashMap<>();
    AtomicInteger attempted = new AtomicInteger();

    try (StandaloneServer first =
        StandaloneServer.start(
            concat(new String[] {"--port", "0", "--data", data.toString(), "--signup"}, limits))) {
      Http http = Http.to(first.baseUrl());
      Http.Response signUp =
          http.postJson(
              "/account/0/users",
              "{\"username\":\"crash\",\"password\":\"" + PASSWORD + "\",\"name\":\"Crash Test\"}");
      assertThat(signUp.status()).as(signUp.toString()).isEqualTo(200);
      developerToken = signIn(first.baseUrl());

      CountDownLatch enough = new CountDownLatch(ACKNOWLEDGED_BEFORE_KILL);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Thread t =
            new Thread(
                () -> write(http.bearer(developerToken), writer, attempted, acked, enough),
                "crash-writer-" + w);
        t.setDaemon(true);
        t.start();
        writers.add(t);
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("writes acknowledged in time").isTrue();
      first.kill(); // kill -9 while the writers are still writing
      for (Thread t : writers) {
        t.join(30_000);
        assertThat(t.isAlive()).as("writer stopped once the server was gone").isFalse();
      }
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);

    try (StandaloneServer second =
        StandaloneServer.start(
            concat(new String[] {"--port", "0", "--data", data.toString()}, limits))) {
      Http http = Http.to(second.baseUrl());
      assertThat(http.get("/health").status()).isEqualTo(200);

      // the developer token issued before the crash still works, and every acknowledged app is
      // there
      Set<String> names = new HashSet<>();
      String before = null;
      while (true) {
        Http.Response page =
            http.bearer(developerToken)
                .get("/account/0/apps?count=200" + (before == null ? "" : "&before_id=" + before));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        page.data().forEach(app -> names.add(app.path("name").asText()));
        if (!page.meta().path("more").asBoolean(false)) {
          break;
        }
        before = page.meta().path("min_id").asText();
      }
      for (Acked app : acked.values()) {
        assertThat(names).as("acknowledged app %s", app.name()).contains(app.name());
        Http.Response one = http.bearer(developerToken).get("/account/0/apps/" + app.id());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.data().path("client_id").asText()).isEqualTo(app.clientId());
        if (app.userToken() != null) {
          Http.Response token = http.bearer(app.userToken()).get("/stream/0/token");
          assertThat(token.status()).as("user token of %s: %s", app.name(), token).isEqualTo(200);
          assertThat(token.data().path("app").path("client_id").asText()).isEqualTo(app.clientId());
        }
      }
      // the client secrets acknowledged before the crash authenticate their apps (master key
      // intact)
      List<Acked> some = acked.values().stream().limit(5).toList();
      for (Acked app : some) {
        Http.Response grant =
            http.postForm(
                "/oauth/access_token",
                "grant_type=client_credentials&client_id="
                    + app.clientId()
                    + "&client_secret="
                    + URLEncoder.encode(app.clientSecret(), StandardCharsets.UTF_8));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);
        String appToken = grant.json().path("access_token").asText();
        assertThat(http.bearer(appToken).get("/stream/0/token").status()).isEqualTo(200);
      }
      // and the reopened database takes writes again
      Http.Response more =
          http.bearer(developerToken).postJson("/account/0/apps", app("after-the-crash"));
      assertThat(more.status()).as(more.toString()).isEqualTo(200);
      assertThat(second.terminate()).isIn(0, 143);
    }
  }

  static String signIn(URI base) {
    Http.Response r =
        Http.to(base)
            .postForm(
                "/oauth/access_token",
                "grant_type=password&client_id=keyport-desktop&username=crash&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().path("access_token").asText();
  }

  /** Creates apps (and for every other one a user token) until the server goes away. */
  static void write(
      Http as,
      int writer,
      AtomicInteger attempted,
      Map<String, Acked> acked,
      CountDownLatch enough) {
    try {
      while (true) {
        String name = "w" + writer + "-app-" + attempted.incrementAndGet();
        Http.Response created = as.postJson("/account/0/apps", app(name));
        if (created.status() != 200) {
          throw new AssertionError("create refused: " + created);
        }
        JsonNode app = created.data();
        Acked done =
            new Acked(
                app.path("id").asText(),
                name,
                app.path("client_id").asText(),
                app.path("client_secret").asText(),
                null);
        acked.put(name, done);
        enough.countDown();
        if (acked.size() % 2 == 0) {
          Http.Response token =
              as.postJson(
                  "/account/0/apps/" + done.id() + "/tokens/me",
                  "{\"scopes\":[\"basic\",\"stream\"]}");
          if (token.status() != 200) {
            throw new AssertionError("token refused: " + token);
          }
          acked.put(
              name,
              new Acked(
                  done.id(),
                  name,
                  done.clientId(),
                  done.clientSecret(),
                  token.data().path("access_token").asText()));
        }
      }
    } catch (UncheckedIOException serverGone) {
      // killed: whatever was in flight was never acknowledged
    }
  }

  static String app(String name) {
    return "{\"name\":\""
        + name
        + "\",\"website\":\"https://example.com\","
        + "\"callback_urls\":[\"http://localhost:8000/callback\"]}";
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
