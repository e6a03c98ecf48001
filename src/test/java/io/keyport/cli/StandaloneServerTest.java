package io.keyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.testing.Http;
import io.keyport.testing.StandaloneServer;
import io.keyport.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code keyport server} as its own process: it starts, answers, and SIGTERM stops it cleanly. */
class StandaloneServerTest {

  @Test
  void sigtermStopsItCleanlyAndTheDatabaseOpensAgain() {
    Path data = TestServers.newDataDir();
    try (StandaloneServer server =
        StandaloneServer.start("--port", "0", "--data", data.toString())) {
      assertThat(Http.to(server.baseUrl()).get("/health").status()).isEqualTo(200);
      int exit = server.terminate();
      assertThat(exit).as("exit code after SIGTERM; output %s", server.output()).isIn(0, 143);
      assertThat(server.output())
          .as("exit %d", exit)
          .anyMatch(l -> l.contains("Keyport server stopped"));
      assertThat(server.output()).noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
    }
    try (StandaloneServer again =
        StandaloneServer.start("--port", "0", "--data", data.toString())) {
      assertThat(Http.to(again.baseUrl()).get("/health").status()).isEqualTo(200);
      assertThat(again.terminate()).isIn(0, 143);
    }
  }

  @Test
  void sigtermLetsARequestInFlightFinishBeforeTheDatabaseCloses() throws Exception {
    Path data = TestServers.newDataDir();
    String token;
    String created;
    try (StandaloneServer server =
        StandaloneServer.start("--port", "0", "--data", data.toString(), "--signup")) {
      URI base = server.baseUrl();
      Http http = Http.to(base);
      assertThat(
              http.postJson(
                      "/account/0/users",
                      "{\"username\":\"drain\",\"password\":\"a long enough password\"}")
                  .status())
          .isEqualTo(200);
      token =
          http.postForm(
                  "/oauth/access_token",
                  "grant_type=password&client_id=keyport-desktop&username=drain"
                      + "&password="
                      + URLEncoder.encode("a long enough password", StandardCharsets.UTF_8))
              .json()
              .path("access_token")
              .asText();

      byte[] body =
          ("{\"name\":\"In flight\",\"website\":\"https://example.com\","
                  + "\"callback_urls\":[\"http://localhost:8000/cb\"]}")
              .getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(
            ("POST /account/0/apps HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer "
                    + token
                    + "\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // "100 Continue" comes when the handler starts reading the body: the request is in flight.
        assertThat(readHead(in)).startsWith("HTTP/1.1 100");

        server.process().toHandle().destroy(); // SIGTERM
        server.awaitOutput("Keyport server stopping");
        // The rest of the body follows at once: while draining, Jetty gives a connection that has
        // gone quiet only 1 s (its shutdown idle timeout), so idle keep-alive connections do not
        // hold
        // the stop up. A request in flight whose client keeps sending is answered.
        out.write(body);
        out.flush();
        String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).as("server output %s", server.output()).startsWith("HTTP/1.1 200");
        created = answer.substring(answer.indexOf("\"id\":\"") + 6).split("\"", 2)[0];
      }
      awaitRefused(server.baseUrl()); // no new connections once stopping
      assertThat(server.awaitExit()).isIn(0, 143);
      assertThat(server.output()).anyMatch(l -> l.contains("Keyport server stopped"));
    }
    try (StandaloneServer again =
        StandaloneServer.start("--port", "0", "--data", data.toString())) {
      Http.Response app = Http.to(again.baseUrl()).bearer(token).get("/account/0/apps/" + created);
      assertThat(app.status()).as(app.toString()).isEqualTo(200);
      assertThat(app.data().path("name").asText()).isEqualTo("In flight");
      assertThat(again.terminate()).isIn(0, 143);
    }
  }

  /** The answer's head (status line and headers) up to the blank line. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Waits (up to 10 s) until connecting to {@code base} is refused. */
  static void awaitRefused(URI base) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(base.getHost(), base.getPort()), 1_000);
      } catch (ConnectException refused) {
        return;
      } catch (IOException other) {
        // not yet decided; try again
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the server kept accepting connections after SIGTERM");
  }
}
