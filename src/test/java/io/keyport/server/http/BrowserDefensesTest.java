package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.testing.Http;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What a browser must not be able to do with the server: sniff an answer into something else, leak
 * the server's URLs in a Referer, or — through a cross-site HTML form, which can only send {@code
 * text/plain}, form or multipart bodies — sign anyone up or change anything. Every answer, errors
 * and Jetty's own included, carries {@code X-Content-Type-Options: nosniff} and {@code
 * Referrer-Policy: no-referrer}; a JSON endpoint refuses any other body type with 415 {@code
 * unsupported-media-type}. On H2 and PostgreSQL.
 */
class BrowserDefensesTest {

  abstract static class Contract extends OpenServerContract {
    static void assertSafetyHeaders(String what, Map<String, String> headers) {
      assertThat(headers.get("x-content-type-options")).as(what).isEqualTo("nosniff");
      assertThat(headers.get("referrer-policy")).as(what).isEqualTo("no-referrer");
    }

    @Test
    void everyAnswerCarriesNosniffAndNoReferrer() {
      String token = Fixtures.developer(http);
      List<String> heads =
          List.of(
              "GET /health HTTP/1.1", // 200
              "GET /stream/0/users/me HTTP/1.1", // 401
              "GET /no/such/endpoint HTTP/1.1", // 404
              "PUT /health HTTP/1.1", // 405
              "GET /stream/0/token HTTP/1.1\r\nAuthorization: Bearer "
                  + token, // 200, authenticated
              "POST /oauth/access_token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded"); // RFC 6749 400
      for (String head : heads) {
        RawHttp.Answer r =
            RawHttp.send(
                server.baseUrl(),
                head + "\r\nHost: localhost\r\nConnection: close" + "\r\nContent-Length: 0",
                new byte[0]);
        assertSafetyHeaders(head + " -> " + r.status(), r.headers());
      }
      // Jetty's own refusal of a request that is not valid HTTP
      RawHttp.Answer bad =
          RawHttp.send(
              server.baseUrl(),
              "GET /health HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\nContent-Length: nope",
              new byte[0]);
      assertThat(bad.status()).isEqualTo(400);
      assertSafetyHeaders("bad request", bad.headers());
    }

    @Test
    void signUpRefusesAPlainTextBody() {
      String body =
          "{\"username\": \""
              + Fixtures.uniqueName("plain")
              + "\", \"password\": \""
              + Fixtures.PASSWORD
              + "\"}";
      for (String type :
          new String[] {
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x"
          }) {
        Http.Response r = http.send("POST", "/account/0/users", body, type);
        Fixtures.assertError(r, 415, "unsupported-media-type");
        assertThat(r.meta().path("error_message").asText()).contains("application/json");
        assertSafetyHeaders(
            type,
            Map.of(
                "x-content-type-options",
                r.header("X-Content-Type-Options"),
                "referrer-policy",
                r.header("Referrer-Policy")));
      }
      Http.Response none = http.send("POST", "/account/0/users", body, null);
      Fixtures.assertError(none, 415, "unsupported-media-type");
      // nothing was created: the same username signs up fine as JSON
      assertThat(
              http.send("POST", "/account/0/users", body, "Application/JSON; charset=utf-8")
                  .status())
          .isEqualTo(200);
    }

    @Test
    void otherJsonEndpointsRefuseOtherBodyTypesToo() {
      Http me = http.bearer(Fixtures.developer(http));
      Http.Response create =
          me.send("POST", "/account/0/apps", Fixtures.appBody("Plain"), "text/plain");
      Fixtures.assertError(create, 415, "unsupported-media-type");
      assertThat(me.get("/account/0/apps").data()).isEmpty();
      String id = Fixtures.createApp(me, null, "Json").path("id").asText();
      Http.Response patch =
          me.header("If-Match", "1")
              .send("PATCH", "/account/0/apps/" + id, "{\"name\": \"Renamed\"}", "text/plain");
      Fixtures.assertError(patch, 415, "unsupported-media-type");
      Http.Response own =
          me.send("POST", "/account/0/apps/" + id + "/tokens/me", "{}", "text/plain");
      Fixtures.assertError(own, 415, "unsupported-media-type");
      // an empty body without a type is still fine where the body is optional
      assertThat(me.send("POST", "/account/0/apps/" + id + "/tokens/me", null, null).status())
          .isEqualTo(200);
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
