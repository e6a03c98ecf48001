package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.appBody;
import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.createApp;
import static io.keyport.server.http.Fixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.testing.Http;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Input the server used to store as something else or decide silently (issue 12, defects 4–7 and
 * 9): invalid Unicode, duplicate keys, URLs with a user part, two Authorization headers, look-alike
 * app names. Each is a 400 naming its field ({@code meta.error_field}) or a 409, on H2 and
 * PostgreSQL.
 */
class StrictInputTest {
  abstract static class Contract extends OpenServerContract {
    Http dev() {
      return http.bearer(Fixtures.developer(http));
    }

    /**
     * 400 invalid-request whose {@code error_field} is {@code field} and whose message starts with
     * it.
     */
    static void assertRefused(Http.Response r, String field) {
      assertError(r, 400, "invalid-request");
      assertThat(r.meta().path("error_field").asText()).as(r.toString()).isEqualTo(field);
      assertThat(r.meta().path("error_message").asText()).as(r.toString()).startsWith(field + ": ");
    }

    static void assertRefused(RawHttp.Answer a, String field) {
      assertThat(a.status()).as(a.body()).isEqualTo(400);
      JsonNode meta = a.json().path("meta");
      assertThat(meta.path("error_slug").asText()).as(a.body()).isEqualTo("invalid-request");
      assertThat(meta.path("error_field").asText()).as(a.body()).isEqualTo(field);
    }

    static String body(String name, String website, String callback) {
      return "{\"name\": "
          + name
          + ", \"website\": "
          + website
          + ", \"callback_urls\": ["
          + callback
          + "]}";
    }

    // ---- 4. invalid Unicode -------------------------------------------------------------------

    @Test
    void loneAndReversedSurrogateEscapesAreRefusedOnCreate() {
      Http me = dev();
      String ok = "\"https://example.com\"";
      String cb = "\"http://localhost:8000\"";
      assertRefused(me.postJson("/account/0/apps", body("\"x\\ud800\"", ok, cb)), "name");
      assertRefused(me.postJson("/account/0/apps", body("\"x\\udc00\\ud800y\"", ok, cb)), "name");
      assertRefused(
          me.postJson("/account/0/apps", body("\"Fine\"", "\"https://example.com/\\ud800\"", cb)),
          "website");
      assertRefused(
          me.postJson("/account/0/apps", body("\"Fine\"", ok, "\"http://localhost:8000/\\udfff\"")),
          "callback_urls[0]");
      // a pair written as two escapes is one character, and fine
      Http.Response pair =
          me.postJson("/account/0/apps", body("\"Rocket \\ud83d\\ude80\"", ok, cb));
      assertThat(pair.status()).as(pair.toString()).isEqualTo(200);
      assertThat(pair.data().path("name").asText()).isEqualTo("Rocket \uD83D\uDE80");
      assertThat(me.get("/account/0/apps").data()).hasSize(1);
    }

    @Test
    void loneSurrogatesAreRefusedOnPatch() {
      Http me = dev();
      String id = createApp(me, null, "Patched").path("id").asText();
      String path = "/account/0/apps/" + id;
      assertRefused(me.header("If-Match", "1").patchJson(path, "{\"name\": \"a\\ud800\"}"), "name");
      assertRefused(
          me.header("If-Match", "1").patchJson(path, "{\"website\": \"https://e.com/\\udbff\"}"),
          "website");
      assertRefused(
          me.header("If-Match", "1")
              .patchJson(
                  path, "{\"callback_urls\": [\"https://e.com\", \"https://e.com/\\ud800\"]}"),
          "callback_urls[1]");
      assertThat(me.get(path).data().path("name").asText()).isEqualTo("Patched");
      assertThat(me.get(path).data().path("version").asText()).isEqualTo("1");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheField() {
      String token = Fixtures.developer(http);
      byte[][] bad = {
        {'A', (byte) 0xC0, (byte) 0xAF, 'B'}, // overlong "/": Jackson alone made it A/B
        {'A', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'B'}, // CESU-8 of a lone surrogate
        {
          'A', (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xBA, (byte) 0x80
        }, // CESU-8 pair
        {'A', (byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong in three bytes
        {'A', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // five-byte form
      };
      for (byte[] name : bad) {
        byte[] json =
            concat(
                "{\"name\": \"".getBytes(StandardCharsets.US_ASCII),
                name,
                "\", \"website\": \"https://example.com\", \"callback_urls\": [\"http://localhost:8000\"]}"
                    .getBytes(StandardCharsets.US_ASCII));
        assertRefused(raw("POST /account/0/apps", token, json), "name");
      }
      byte[] website =
          concat(
              "{\"name\": \"Fine\", \"website\": \"https://example.com/A"
                  .getBytes(StandardCharsets.US_ASCII),
              new byte[] {(byte) 0xC0, (byte) 0xAF},
              "\", \"callback_urls\": [\"http://localhost:8000\"]}"
                  .getBytes(StandardCharsets.US_ASCII));
      assertRefused(raw("POST /account/0/apps", token, website), "website");
      byte[] callback =
          concat(
              "{\"name\": \"Fine\", \"website\": \"https://example.com\", \"callback_urls\": [\"http://localhost:8000/"
                  .getBytes(StandardCharsets.US_ASCII),
              new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80},
              "\"]}".getBytes(StandardCharsets.US_ASCII));
      assertRefused(raw("POST /account/0/apps", token, callback), "callback_urls[0]");
      assertThat(http.bearer(token).get("/account/0/apps").data()).isEmpty();

      String id = createApp(http, token, "Kept").path("id").asText();
      byte[] patch =
          concat(
              "{\"name\": \"A".getBytes(StandardCharsets.US_ASCII),
              new byte[] {(byte) 0xC0, (byte) 0xAF},
              "B\"}".getBytes(StandardCharsets.US_ASCII));
      assertRefused(raw("PATCH /account/0/apps/" + id, token, patch, "If-Match: 1"), "name");
      assertThat(http.bearer(token).get("/account/0/apps/" + id).data().path("name").asText())
          .isEqualTo("Kept");
      // real UTF-8 still goes through
      byte[] good = appBody("Ünïcødé \uD83D\uDE80").getBytes(StandardCharsets.UTF_8);
      RawHttp.Answer ok = raw("POST /account/0/apps", token, good);
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(ok.json().path("data").path("name").asText()).isEqualTo("Ünïcødé \uD83D\uDE80");
    }

    @Test
    void signUpDisplayNamesMustBeValidUnicode() {
      assertRefused(
          http.postJson(
              "/account/0/users",
              "{\"username\": \""
                  + Fixtures.uniqueName("u")
                  + "\", \"password\": \""
                  + Fixtures.PASSWORD
                  + "\", \"name\": \"Al\\ud800ice\"}"),
          "name");
      byte[] overlong =
          concat(
              ("{\"username\": \""
                      + Fixtures.uniqueName("u")
                      + "\", \"password\": \""
                      + Fixtures.PASSWORD
                      + "\", \"name\": \"A")
                  .getBytes(StandardCharsets.US_ASCII),
              new byte[] {(byte) 0xC0, (byte) 0xAF},
              "B\"}".getBytes(StandardCharsets.US_ASCII));
      assertRefused(raw("POST /account/0/users", null, overlong), "name");
    }

    @Test
    void formBodiesOfTheTokenEndpointMustBeUtf8() {
      String username = Fixtures.uniqueName("f");
      Fixtures.signUp(http, username, Fixtures.PASSWORD);
      // %C0%AF is an overlong "/", %ED%A0%80 a CESU-8 surrogate: refused, not turned into something
      // else
      for (String password :
          new String[] {"correct%C0%AFhorse+battery", "correct+horse+battery%ED%A0%80"}) {
        Http.Response r =
            http.postForm(
                "/oauth/access_token",
                "grant_type=password&client_id=keyport-desktop"
                    + "&username="
                    + username
                    + "&password="
                    + password);
        Fixtures.assertOAuthError(r, 400, "invalid_request");
        assertThat(r.json().path("error_description").asText())
            .contains("password")
            .doesNotContain("horse");
      }
      byte[] rawForm =
          concat(
              ("grant_type=password&client_id=keyport-desktop&username=" + username + "&password=A")
                  .getBytes(StandardCharsets.US_ASCII),
              new byte[] {(byte) 0xC0, (byte) 0xAF});
      RawHttp.Answer a =
          RawHttp.send(
              server.baseUrl(),
              "POST /oauth/access_token HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                  + rawForm.length,
              rawForm);
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.json().path("error").asText()).isEqualTo("invalid_request");
      // and percent-encoded UTF-8 still works
      Http.Response fine =
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  username,
                  "password",
                  Fixtures.PASSWORD));
      assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
    }

    // ---- 5. duplicate keys --------------------------------------------------------------------

    @Test
    void aKeyGivenTwiceIsRefusedNotLastOneWins() {
      Http me = dev();
      String twice =
          "{\"name\": \"Dup\", \"website\": \"https://example.com\", "
              + "\"callback_urls\": [\"http://localhost:8000\"], \"callback_urls\": [\"https://evil.example/cb\"]}";
      assertRefused(me.postJson("/account/0/apps", twice), "callback_urls");
      assertRefused(
          me.postJson(
              "/account/0/apps",
              "{\"name\": \"A\", \"name\": \"B\", \"website\": \"https://example.com\", \"callback_urls\": [\"http://localhost:8000\"]}"),
          "name");
      assertThat(me.get("/account/0/apps").data()).isEmpty();
      String id = createApp(me, null, "Once").path("id").asText();
      assertRefused(
          me.header("If-Match", "1")
              .patchJson(
                  "/account/0/apps/" + id,
                  "{\"website\": \"https://a.example\", \"website\": \"https://b.example\"}"),
          "website");
      assertRefused(
          http.postJson(
              "/account/0/users",
              "{\"username\": \""
                  + Fixtures.uniqueName("d")
                  + "\", \"password\": \""
                  + Fixtures.PASSWORD
                  + "\", \"password\": \"another password\"}"),
          "password");
    }

    // ---- 6. a user part in URLs ---------------------------------------------------------------

    @Test
    void urlsWithAUserPartAreRefused() {
      Http me = dev();
      String cb = "\"http://localhost:8000\"";
      assertRefused(
          me.postJson(
              "/account/0/apps", body("\"U1\"", "\"https://localhost:8000@evil.example/\"", cb)),
          "website");
      assertRefused(
          me.postJson(
              "/account/0/apps",
              body(
                  "\"U2\"",
                  "\"https://example.com\"",
                  "\"https://localhost:8000@evil.example/cb\"")),
          "callback_urls[0]");
      assertRefused(
          me.postJson(
              "/account/0/apps",
              body(
                  "\"U3\"",
                  "\"https://example.com\"",
                  "\"http://localhost:8000@evil.example/cb\"")),
          "callback_urls[0]");
      assertRefused(
          me.postJson(
              "/account/0/apps",
              body("\"U4\"", "\"https://example.com\"", "\"http://user:pw@localhost:8000/cb\"")),
          "callback_urls[0]");
      String id = createApp(me, null, "U5").path("id").asText();
      assertRefused(
          me.header("If-Match", "1")
              .patchJson(
                  "/account/0/apps/" + id,
                  "{\"callback_urls\": [\"https://localhost:8000@evil.example/cb\"]}"),
          "callback_urls[0]");
      assertThat(me.get("/account/0/apps").data()).hasSize(1);
    }

    // ---- 7. two Authorization headers ---------------------------------------------------------

    @Test
    void twoAuthorizationHeadersAre400() {
      String token = Fixtures.developer(http);
      RawHttp.Answer twice =
          RawHttp.send(
              server.baseUrl(),
              "GET /stream/0/token HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\nAuthorization: Bearer "
                  + token
                  + "\r\nAuthorization: Bearer kpu_other",
              null);
      assertRefused(twice, "Authorization");
      assertThat(twice.body()).doesNotContain(token);
      RawHttp.Answer sameTwice =
          RawHttp.send(
              server.baseUrl(),
              "GET /stream/0/token HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\nAuthorization: Bearer "
                  + token
                  + "\r\nAuthorization: Bearer "
                  + token,
              null);
      assertRefused(sameTwice, "Authorization");
      RawHttp.Answer once =
          RawHttp.send(
              server.baseUrl(),
              "GET /stream/0/token HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\nAuthorization: Bearer "
                  + token,
              null);
      assertThat(once.status()).isEqualTo(200);

      byte[] grant = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
      RawHttp.Answer oauth =
          RawHttp.send(
              server.baseUrl(),
              "POST /oauth/access_token HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                  + grant.length
                  + "\r\nAuthorization: Basic YTpi\r\nAuthorization: Basic Yzpk",
              grant);
      assertThat(oauth.status()).isEqualTo(400);
      assertThat(oauth.json().path("error").asText()).isEqualTo("invalid_request");
    }

    // ---- 9. look-alike names ------------------------------------------------------------------

    @Test
    void lookAlikeNamesAreTakenAndInvisibleCharactersRefused() {
      Http me = dev();
      createApp(me, null, "Caf\u00e9");
      assertError(me.postJson("/account/0/apps", appBody("Cafe\u0301")), 409, "name-taken");
      assertError(me.postJson("/account/0/apps", appBody("CAF\u00c9")), 409, "name-taken");
      createApp(me, null, "Weather");
      Http.Response wide =
          me.postJson("/account/0/apps", appBody("\uff37\uff45\uff41\uff54\uff48\uff45\uff52"));
      assertError(wide, 409, "name-taken");
      assertThat(wide.meta().path("error_field").asText()).isEqualTo("name");
      for (String invisible :
          new String[] {
            "Wea\u200Bther",
            "Wea\u200Dther",
            "\u202EWeather",
            "Weather\u2066",
            "Wea\u00ADther",
            "\uFEFFWeather"
          }) {
        assertRefused(me.postJson("/account/0/apps", appBody(invisible)), "name");
      }
      String id = createApp(me, null, "Other").path("id").asText();
      assertError(
          me.header("If-Match", "1")
              .patchJson("/account/0/apps/" + id, "{\"name\": \"\uff23\uff41\uff46\uff45\u0301\"}"),
          409,
          "name-taken");
      assertRefused(
          me.header("If-Match", "1")
              .patchJson("/account/0/apps/" + id, "{\"name\": \"Oth\u200Ber\"}"),
          "name");
      // a name whose key grows past the column (U+FDFA is 18 letters under NFKC) is stored, once
      Http.Response longKey = me.postJson("/account/0/apps", appBody("\uFDFA".repeat(64)));
      assertThat(longKey.status()).as(longKey.toString()).isEqualTo(200);
      assertError(me.postJson("/account/0/apps", appBody("\uFDFA".repeat(64))), 409, "name-taken");
      assertThat(me.get("/account/0/apps").data()).hasSize(4);
    }

    RawHttp.Answer raw(String requestLine, String token, byte[] json, String... headers) {
      StringBuilder head =
          new StringBuilder(requestLine)
              .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close")
              .append("\r\nContent-Type: application/json\r\nContent-Length: ")
              .append(json.length);
      if (token != null) {
        head.append("\r\nAuthorization: Bearer ").append(token);
      }
      for (String h : headers) {
        head.append("\r\n").append(h);
      }
      return RawHttp.send(server.baseUrl(), head.toString(), json);
    }

    static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
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
