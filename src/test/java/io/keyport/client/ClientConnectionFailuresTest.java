package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.api.Version;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client does when the server is not a working Keyport server: down (nothing listens), up
 * but silent (accepts, reads the request, never answers), or answering something that is not the
 * contract's JSON. These servers are a plain loopback socket: no Keyport server can be made to
 * misbehave like this.
 */
class ClientConnectionFailuresTest {
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void aServerThatIsDownIsUnreachableNamingItsUrlWithinTheConnectTimeout() throws IOException {
    URI down;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + s.getLocalPort());
    } // closed: nothing listens on that port now
    KeyportClient client = track(KeyportClient.create(down));

    long started = System.nanoTime();
    ServerUnreachableException e =
        catchThrowableOfType(ServerUnreachableException.class, client::health);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(e).isNotNull();
    assertThat(e.baseUrl()).isEqualTo(down);
    assertThat(e.getMessage()).contains(down.toString()).contains("connection refused");
    assertThat(e.timedOut()).isFalse();
    assertThat(took).isLessThan(KeyportClient.CONNECT_TIMEOUT);
  }

  @Test
  void anHttpsUrlIsSpokenToInTls() throws Exception {
    // The client makes its TLS at the first https connection; this one must still open with a TLS
    // handshake (a record of type 22), not plain HTTP. The socket answers nothing and hangs up.
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      BlockingQueue<Integer> firstByte = new LinkedBlockingQueue<>();
      Thread accept =
          new Thread(
              () -> {
                try (Socket s = server.accept()) {
                  firstByte.add(s.getInputStream().read());
                } catch (IOException e) {
                  firstByte.add(-2);
                }
              });
      accept.setDaemon(true);
      accept.start();
      KeyportClient client =
          track(KeyportClient.create(URI.create("https://127.0.0.1:" + server.getLocalPort())));

      ServerUnreachableException e =
          catchThrowableOfType(ServerUnreachableException.class, client::health);

      assertThat(firstByte.poll(10, TimeUnit.SECONDS)).isEqualTo(22);
      assertThat(e).isNotNull();
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutAfterTheResponseTimeoutAndIsUnreachable() throws Exception {
    Silent silent = track(new Silent(request -> null));
    Duration timeout = Duration.ofMillis(1500);
    KeyportClient client =
        track(KeyportClient.builder(silent.url()).responseTimeout(timeout).build());

    long started = System.nanoTime();
    ServerUnreachableException e =
        catchThrowableOfType(ServerUnreachableException.class, client::health);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(e).isNotNull();
    assertThat(e.timedOut()).isTrue();
    assertThat(e.getMessage())
        .contains(silent.url().toString())
        .contains("no answer within 1500 ms");
    assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(5));
    // it did send the request, once: a GET that timed out is not retried
    assertThat(silent.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /health HTTP/1.1");
    assertThat(silent.requests.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void everyRequestSaysKeyportAndItsVersionAndAsksForJson() throws Exception {
    Silent silent =
        track(
            new Silent(
                request ->
                    answer(
                        "200 OK",
                        "application/json",
                        "{\"meta\":{\"code\":200},\"data\":{\"status\":\"ok\"}}")));
    KeyportClient client = track(KeyportClient.create(silent.url()));

    assertThat(client.health().status()).isEqualTo("ok");

    String request = silent.requests.poll(5, TimeUnit.SECONDS);
    assertThat(request)
        .contains("User-Agent: Keyport/" + Version.current() + "\r\n")
        .contains("Accept: application/json\r\n");
  }

  @Test
  void anAnswerThatIsNotTheContractsJsonIsAResponseFormatException() throws Exception {
    Silent silent = track(new Silent(request -> answer("200 OK", "text/html", "<html>hi</html>")));
    KeyportClient client = track(KeyportClient.create(silent.url()));
    ResponseFormatException e = catchThrowableOfType(ResponseFormatException.class, client::health);
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("200");
  }

  @Test
  void anErrorWithoutTheContractsBodyStillCarriesItsStatus() throws Exception {
    Silent silent = track(new Silent(request -> answer("502 Bad Gateway", "text/html", "bad gw!")));
    KeyportClient client = track(KeyportClient.create(silent.url()));
    ApiException e = catchThrowableOfType(ApiException.class, client::health);
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.slug()).isNull();
    assertThat(e.getMessage()).isEqualTo("The server answered 502");
  }

  @Test
  void aTimedOutCallNamesTheUrlButNeverTheToken() throws Exception {
    Silent silent = track(new Silent(request -> null));
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    KeyportClient client =
        track(KeyportClient.builder(silent.url()).responseTimeout(Duration.ofMillis(500)).build())
            .withToken(token);
    ServerUnreachableException e =
        catchThrowableOfType(ServerUnreachableException.class, client::me);
    assertThat(silent.requests.poll(5, TimeUnit.SECONDS))
        .contains("Authorization: Bearer " + token.reveal());
    assertThat(e.getMessage()).doesNotContain(token.reveal());
    assertThat(e.toString()).doesNotContain(token.reveal());
    assertThat(String.valueOf(e.getCause())).doesNotContain(token.reveal());
  }

  static String answer(String status, String contentType, String body) {
    return "HTTP/1.1 "
        + status
        + "\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  /**
   * A loopback socket that reads each request's head and answers what {@code answer} gives for it
   * (raw HTTP), or nothing at all when that is null, keeping the connection open.
   */
  static final class Silent implements AutoCloseable {
    final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    Silent(Function<String, String> answer) throws IOException {
      socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket s = socket.accept();
                    accepted.add(s);
                    Thread reader = new Thread(() -> serve(s, answer), "silent-server-conn");
                    reader.setDaemon(true);
                    reader.start();
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void serve(Socket s, Function<String, String> answer) {
      try {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        StringBuilder head = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          head.append(line).append("\r\n");
        }
        requests.add(head.toString());
        String reply = answer.apply(head.toString());
        if (reply != null) {
          OutputStream out = s.getOutputStream();
          out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          s.close();
        }
      } catch (IOException ignored) {
        // the client went away
      }
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
