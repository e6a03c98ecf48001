package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.LogCapture;
import io.keyport.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client that goes away while its answer is being written (a slow reader that times out, or
 * anyone who resets the connection on purpose). Writing the answer then fails inside the handler;
 * that failure used to reach the catch-all exception handler, whose error answer failed to write
 * the same way, which Javalin handed to the handler again, without end: each such request kept a
 * request thread spinning on a core for good, so a few resets took a server's cores. The write's
 * failure now ends the request, and the log line says the client was gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbortedAnswersTest {
  /** Apps whose list is far larger than loopback's socket buffers, so the write has to wait. */
  private static final int APPS = 20;

  private static final int CALLBACKS = 16;

  KeyportServer server;
  String token;

  @BeforeAll
  void start() {
    server = TestServers.H2.start(c -> c.withLimits(1_000_000, 1_000_000, 1_000_000));
    token = server.localSession("slowreader").token().reveal();
    Http http = Http.to(server.baseUrl()).bearer(token);
    for (int i = 0; i < APPS; i++) {
      assertThat(http.postJson("/account/0/apps", largeApp(i)).status()).isEqualTo(200);
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void aClientResettingTheConnectionMidAnswerFreesItsRequestThread() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      for (int i = 0; i < 5; i++) {
        resetWhileTheAnswerIsWritten("/account/0/apps?count=200");
      }
      String line =
          log.awaitLine(l -> l.contains("GET /account/0/apps") && l.contains("client_gone"));
      assertThat(line).doesNotContain(token);

      awaitNoRequestInTheServer();

      assertThat(log.lines())
          .as("a client going away is not the server's failure")
          .noneMatch(l -> l.startsWith("ERROR") || l.startsWith("WARN"));
    }
    // and the server answers as before, the whole list included
    Http.Response health = Http.to(server.baseUrl()).get("/health");
    assertThat(health.status()).isEqualTo(200);
    Http.Response list = Http.to(server.baseUrl()).bearer(token).get("/account/0/apps?count=200");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("data")).hasSize(APPS);
  }

  @Test
  void manyResetsAtOnceLeaveNoRequestThreadBusy() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> resets = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        resets.add(
            clients.submit(
                () -> {
                  for (int j = 0; j < 4; j++) {
                    resetWhileTheAnswerIsWritten("/account/0/apps?count=200");
                  }
                }));
      }
      for (Future<?> reset : resets) {
        reset.get(60, TimeUnit.SECONDS); // a client's own failure fails the test
      }
    } finally {
      clients.shutdownNow();
    }
    awaitNoRequestInTheServer();
    assertThat(Http.to(server.baseUrl()).get("/health").status()).isEqualTo(200);
  }

  @Test
  void anExceptionHandlerWhoseAnswerFailsIsNotCalledAgainForItsOwnFailure() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Javalin app =
        Javalin.create(config -> config.showJavalinBanner = false)
            .get(
                "/fails",
                ctx -> {
                  throw new IllegalStateException("the route failed");
                })
            .exception(
                Exception.class,
                Exchange.answeringOnce(
                    (e, ctx) -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("and so did its answer");
                    }))
            .start("127.0.0.1", 0);
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/fails"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(500);
      assertThat(calls).hasValue(1);
      awaitNoRequestInTheServer();
    } finally {
      app.stop();
    }
  }

  /**
   * Asks for {@code path} with a tiny receive window, reads the answer's first bytes (the server is
   * writing it now) and resets the connection (SO_LINGER 0) instead of reading on.
   */
  private void resetWhileTheAnswerIsWritten(String path) {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(1024);
      socket.connect(
          new InetSocketAddress(server.baseUrl().getHost(), server.baseUrl().getPort()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + token
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] start = in.readNBytes(64);
      assertThat(new String(start, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Waits until no thread is inside Javalin's handling of a request (the server runs in this JVM);
   * fails with the stacks of those still there after 10 s.
   */
  private static void awaitNoRequestInTheServer() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Map<Thread, StackTraceElement[]> busy;
    while (!(busy = threadsHandlingRequests()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            busy.size()
                + " request thread(s) still busy 10 s after their clients left:\n"
                + busy.entrySet().stream()
                    .map(
                        e ->
                            e.getKey().getName()
                                + "\n  "
                                + Arrays.stream(e.getValue())
                                    .limit(12)
                                    .map(Object::toString)
                                    .collect(Collectors.joining("\n  ")))
                    .collect(Collectors.joining("\n")));
      }
      Thread.sleep(20);
    }
  }

  private static Map<Thread, StackTraceElement[]> threadsHandlingRequests() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e ->
                Arrays.stream(e.getValue())
                    .anyMatch(
                        f -> f.getClassName().equals("io.javalin.http.servlet.JavalinServlet")))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static String largeApp(int i) {
    String padding = "p".repeat(1_900);
    StringBuilder callbacks = new StringBuilder();
    for (int c = 0; c < CALLBACKS; c++) {
      callbacks
          .append(c == 0 ? "" : ", ")
          .append("\"http://localhost:8000/app")
          .append(i)
          .append("/cb")
          .append(c)
          .append('/')
          .append(padding)
          .append('"');
    }
    return "{\"name\": \"Large app "
        + i
        + "\", \"website\": \"https://example.com/"
        + padding
        + "\", \"callback_urls\": ["
        + callbacks
        + "]}";
  }
}
