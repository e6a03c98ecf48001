package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.LogCapture;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a careless or hostile client sends (API.md, Conventions and Never): bodies over 64 KiB,
 * chunked or not; unknown paths and methods; tokens in the query; bad UTF-8 and odd headers. Always
 * a 4xx with the envelope, never a 500; one log line per request whose error_id is the body's.
 */
class HardeningTest {
  static final int LIMIT = 64 * 1024;

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    Http http;
    String token;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server = backend().start(c -> c.withLimits(1_000_000, 1_000_000, 1_000_000));
      http = Http.to(server.baseUrl());
      token = server.localSession("hardy").token().reveal();
    }

    @AfterAll
    void stop() {
      server.close();
    }

    String head(String requestLine, String... headers) {
      StringBuilder head =
          new StringBuilder(requestLine).append("\r\nHost: localhost\r\nConnection: close");
      for (String h : headers) {
        head.append("\r\n").append(h);
      }
      return head.toString();
    }

    @Test
    void aDeclaredLengthOver64KiBIs413BeforeAnythingReadsIt() {
      byte[] body = json(LIMIT + 1);
      RawHttp.Answer a =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /account/0/apps HTTP/1.1",
                  "Authorization: Bearer " + token,
                  "Content-Type: application/json",
                  "Content-Length: " + body.length),
              body);
      assertError(a, 413, "payload-too-large");
      // on an endpoint that takes no body at all, too
      RawHttp.Answer get =
          RawHttp.send(
              server.baseUrl(),
              head("GET /stream/0/scopes HTTP/1.1", "Content-Length: " + body.length),
              body);
      assertError(get, 413, "payload-too-large");
    }

    @Test
    void exactly64KiBIsNotTooLarge() {
      byte[] body = json(LIMIT);
      RawHttp.Answer a =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /account/0/apps HTTP/1.1",
                  "Authorization: Bearer " + token,
                  "Content-Type: application/json",
                  "Content-Length: " + body.length),
              body);
      assertThat(a.status()).isNotEqualTo(413).isLessThan(500);
      assertEnvelope(a.status(), a.json());
    }

    @Test
    void aChunkedJsonBodyOver64KiBIs413() {
      RawHttp.Answer a =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /account/0/apps HTTP/1.1",
                  "Authorization: Bearer " + token,
                  "Content-Type: application/json",
                  "Transfer-Encoding: chunked"),
              RawHttp.chunked(json(LIMIT * 4), 8192));
      assertError(a, 413, "payload-too-large");
    }

    @Test
    void aChunkedFormBodyOver64KiBToTheTokenEndpointIs413() {
      byte[] form =
          ("grant_type=password&client_id=keyport-desktop&username=alice&password="
                  + "x".repeat(LIMIT * 2))
              .getBytes(StandardCharsets.US_ASCII);
      RawHttp.Answer a =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /oauth/access_token HTTP/1.1",
                  "Content-Type: application/x-www-form-urlencoded",
                  "Transfer-Encoding: chunked"),
              RawHttp.chunked(form, 4096));
      assertThat(a.status()).isEqualTo(413);
      assertThat(a.json().path("error").asText())
          .isEqualTo("invalid_request"); // RFC 6749's shape there
      assertThat(a.json().path("error_id").asText()).isNotBlank();
      RawHttp.Answer declared =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /oauth/access_token HTTP/1.1",
                  "Content-Type: application/x-www-form-urlencoded",
                  "Content-Length: " + form.length),
              form);
      assertThat(declared.status()).isEqualTo(413);
      assertThat(declared.json().path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithTheEnvelope() {
      for (String method : List.of("GET", "POST", "PATCH", "DELETE", "PUT")) {
        Http.Response r =
            http.bearer(token)
                .send(method, "/stream/0/nowhere/" + method, "{}", "application/json");
        assertThat(r.status()).as(method).isEqualTo(404);
        assertEnvelope(404, r.json());
        assertThat(r.meta().path("error_slug").asText()).isEqualTo("not-found");
      }
      Http.Response wrong = http.send("PATCH", "/stream/0/scopes", "{}", "application/json");
      assertThat(wrong.status()).isEqualTo(405);
      assertEnvelope(405, wrong.json());
      assertThat(wrong.meta().path("error_slug").asText()).isEqualTo("method-not-allowed");
    }

    @Test
    void aTokenAnywhereInTheQueryIsRefused() {
      for (String query : List.of("access_token=abc", "t=" + token, "count=5&x=" + token)) {
        Http.Response r = http.get("/stream/0/scopes?" + query);
        assertError(r.status(), r.json(), 400, "token-in-query");
      }
    }

    @Test
    void theLogLineHasMethodPathStatusAndTheBodysErrorIdButNeverTheQuery() {
      try (LogCapture log = LogCapture.start()) {
        Http.Response r = http.get("/stream/0/nothing?secret_thing=hunter22");
        String errorId = r.meta().path("error_id").asText();
        assertThat(errorId).isNotBlank();
        String line = log.awaitLine(l -> l.contains("error_id=" + errorId));
        assertThat(line)
            .contains("GET /stream/0/nothing 404")
            .doesNotContain("hunter22")
            .doesNotContain("?");
        assertThat(log.lines().stream().filter(l -> l.contains(errorId))).hasSize(1);

        Http.Response ok = http.get("/stream/0/scopes?count=1");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(log.awaitLine(l -> l.contains("GET /stream/0/scopes 200")))
            .doesNotContain("error_id");
      }
    }

    @Test
    void twoErrorsHaveTwoErrorIds() {
      String a = http.get("/nothing").meta().path("error_id").asText();
      String b = http.get("/nothing").meta().path("error_id").asText();
      assertThat(a).isNotEqualTo(b);
    }

    @Test
    void badUtf8InBodiesAndPathsIsA4xx() {
      byte[] badJson = {
        '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'
      };
      RawHttp.Answer body =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /account/0/apps HTTP/1.1",
                  "Authorization: Bearer " + token,
                  "Content-Type: application/json; charset=utf-8",
                  "Content-Length: " + badJson.length),
              badJson);
      assertThat(body.status()).isBetween(400, 499);
      assertEnvelope(body.status(), body.json());

      byte[] pathHead =
          concat(
              "GET /account/0/apps/".getBytes(StandardCharsets.US_ASCII),
              new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
              (" HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + token)
                  .getBytes(StandardCharsets.US_ASCII));
      RawHttp.Answer path = RawHttp.send(server.baseUrl(), pathHead, null);
      assertThat(path.status()).isBetween(400, 499);

      RawHttp.Answer encoded =
          RawHttp.send(
              server.baseUrl(),
              head("GET /account/0/apps/%C3%28%FF%00 HTTP/1.1", "Authorization: Bearer " + token),
              null);
      assertThat(encoded.status()).isBetween(400, 499);
    }

    @Test
    void oddHeadersAreA4xxOrFineButNeverA500() {
      List<String[]> cases =
          List.of(
              new String[] {"Authorization: Bearer"},
              new String[] {"Authorization: Bearer    "},
              new String[] {"Authorization: bearer " + token},
              new String[] {"Authorization: Basic Og=="},
              new String[] {"Authorization: Bearer " + "k".repeat(6000)},
              new String[] {"Authorization: Bearer kpu_\u00e9\u00e9\u00e9"},
              new String[] {"Authorization: Bearer " + token, "Authorization: Bearer other"},
              new String[] {"Content-Type: application/json; charset=nonsense-42"},
              new String[] {"Content-Type: \u00ff/\u00ff"},
              new String[] {"Accept: */*;q=banana"},
              new String[] {"If-Match: \"\u00e9\""},
              new String[] {"X-Forwarded-For: not-an-address"});
      for (String[] headers : cases) {
        for (String path : List.of("/account/0/apps", "/stream/0/scopes", "/stream/0/token")) {
          RawHttp.Answer a =
              RawHttp.send(server.baseUrl(), head("GET " + path + " HTTP/1.1", headers), null);
          assertThat(a.status()).as(Arrays.toString(headers) + " " + path).isLessThan(500);
          assertEnvelope(a.status(), a.json());
        }
      }
    }

    @Test
    void whatJettyRefusesItselfGetsTheEnvelopeToo() {
      RawHttp.Answer expect =
          RawHttp.send(
              server.baseUrl(), head("GET /stream/0/scopes HTTP/1.1", "Expect: nothing"), null);
      assertThat(expect.status()).isBetween(400, 499);
      assertEnvelope(expect.status(), expect.json());
      RawHttp.Answer line =
          RawHttp.send(server.baseUrl(), "GET /stream/0/scopes HTTP/9.9\r\nHost: x", null);
      assertThat(line.status()).isBetween(400, 505);
      assertEnvelope(line.status(), line.json());
      RawHttp.Answer huge =
          RawHttp.send(
              server.baseUrl(),
              head("GET /stream/0/scopes HTTP/1.1", "X-Big: " + "b".repeat(100_000)),
              null);
      assertThat(huge.status()).isBetween(400, 499);
      assertEnvelope(huge.status(), huge.json());
      RawHttp.Answer badChunks =
          RawHttp.send(
              server.baseUrl(),
              head(
                  "POST /account/0/apps HTTP/1.1",
                  "Authorization: Bearer " + token,
                  "Content-Type: application/json",
                  "Transfer-Encoding: chunked"),
              "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(badChunks.status()).isBetween(400, 499);
      assertEnvelope(badChunks.status(), badChunks.json());
    }

    @Test
    void hugeAndOddNumbersInTheQueryAre400NamingTheField() {
      for (String query :
          List.of(
              "count=99999999999999999999",
              "count=-1",
              "count=1e3",
              "count=%00",
              "before_id=99999999999999999999999",
              "since_id=-5",
              "before_id=abc")) {
        Http.Response r = http.bearer(token).get("/account/0/apps?" + query);
        assertThat(r.status()).as(query).isEqualTo(400);
        assertEnvelope(400, r.json());
        assertThat(r.meta().path("error_message").asText())
            .contains(query.substring(0, query.indexOf('=')));
      }
    }
  }

  static byte[] json(int size) {
    String prefix = "{\"name\":\"";
    String suffix = "\"}";
    return (prefix + "a".repeat(size - prefix.length() - suffix.length()) + suffix)
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static void assertError(RawHttp.Answer a, int status, String slug) {
    assertError(a.status(), a.json(), status, slug);
  }

  static void assertError(int actualStatus, JsonNode json, int status, String slug) {
    assertThat(actualStatus).as(json.toString()).isEqualTo(status);
    assertEnvelope(status, json);
    assertThat(json.path("meta").path("error_slug").asText()).isEqualTo(slug);
  }

  /**
   * The envelope: meta.code is the status; an error has a slug, a message and an id, and no data.
   */
  static void assertEnvelope(int status, JsonNode json) {
    assertThat(json.path("meta").path("code").asInt()).as(json.toString()).isEqualTo(status);
    if (status >= 400) {
      assertThat(json.has("data")).as(json.toString()).isFalse();
      assertThat(json.path("meta").path("error_slug").asText()).as(json.toString()).isNotBlank();
      assertThat(json.path("meta").path("error_message").asText()).as(json.toString()).isNotBlank();
      assertThat(json.path("meta").path("error_id").asText()).as(json.toString()).isNotBlank();
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
