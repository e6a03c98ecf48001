package io.keyport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket, for what a well-behaved client library will not send: bad UTF-8, odd
 * or broken headers, chunked bodies of any size, lying lengths. The request is sent as given
 * (bytes), the answer read to the end ({@code Connection: close}).
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and
   * {@code body}.
   */
  public static Answer send(URI base, String head, byte[] body) {
    return send(base, head.getBytes(StandardCharsets.ISO_8859_1), body);
  }

  public static Answer send(URI base, byte[] head, byte[] body) {
    return send(base, null, head, body);
  }

  /**
   * As {@link #send(URI, byte[], byte[])} from the client address {@code from} (e.g. 127.0.0.7: all
   * of 127/8 is loopback on Linux), so a test can be several clients.
   */
  public static Answer send(URI base, String from, byte[] head, byte[] body) {
    try (Socket socket = new Socket()) {
      if (from != null) {
        socket.bind(new InetSocketAddress(from, 0));
      }
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException closedEarly) {
        // the server may answer (413, 431) and close before reading everything: read its answer
      }
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A form POST ({@code application/x-www-form-urlencoded}) from the client address {@code from}.
   */
  public static Answer postForm(URI base, String from, String path, String form) {
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + body.length;
    return send(base, from, head.getBytes(StandardCharsets.ISO_8859_1), body);
  }

  /**
   * One kept-alive connection for several requests in turn, as a client library's pooled connection
   * is: each {@link #send} writes a request and reads its whole answer, leaving the connection open
   * for the next.
   */
  public static Connection open(URI base) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      return new Connection(socket);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // failing anyway
      }
      throw new UncheckedIOException(e);
    }
  }

  /** A kept-alive connection (see {@link #open}). */
  public static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line; no body) and reads its
     * answer, which must say how long it is (Content-Length or chunked).
     */
    public Answer send(String head) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readOne(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** One answer off a connection that stays open: its head, then as many bytes as it declares. */
  private static Answer readOne(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      head.append(line).append("\r\n");
    }
    head.append("\r\n");
    Answer parsed =
        read(new ByteArrayInputStream(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(parsed.header("transfer-encoding"))) {
      while (true) {
        String sizeLine = readLine(in);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          readLine(in); // the blank line after the last chunk (no trailers)
          break;
        }
        body.write(in.readNBytes(size));
        readLine(in);
      }
    } else if (parsed.header("content-length") != null) {
      body.write(in.readNBytes(Integer.parseInt(parsed.header("content-length"))));
    } else {
      throw new IOException("an answer on a kept-alive connection without its length");
    }
    return new Answer(
        parsed.status(), parsed.headers(), new String(body.toByteArray(), StandardCharsets.UTF_8));
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the connection closed inside an answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** A body as HTTP/1.1 chunks of {@code chunkSize} bytes, with the last empty chunk. */
  public static byte[] chunked(byte[] body, int chunkSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < body.length; i += chunkSize) {
      int n = Math.min(chunkSize, body.length - i);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, i, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  static Answer read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new IOException("no complete answer: " + text);
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] rest = Arrays.copyOfRange(all, headEnd + 4, all.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = unchunk(rest);
    }
    return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < data.length) {
      int lineEnd = indexOfCrlf(data, pos);
      if (lineEnd < 0) {
        break;
      }
      String sizeText =
          new String(data, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(data, lineEnd + 2, size);
      pos = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The status, headers (names in lower case) and body of an answer. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + status + " " + headers + " " + body, e);
      }
    }
  }
}
