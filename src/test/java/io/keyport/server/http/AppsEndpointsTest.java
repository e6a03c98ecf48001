package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.appBody;
import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertInvalid;
import static io.keyport.server.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code /account/0/apps}: create, list, get, PATCH with If-Match, delete, validation; on H2 and
 * PostgreSQL.
 */
class AppsEndpointsTest {

  abstract static class Contract extends OpenServerContract {

    Http dev() {
      return http.bearer(Fixtures.developer(http));
    }

    @Test
    void createReturnsTheAppAndItsSecretOnce() {
      Http me = dev();
      Http.Response r =
          me.postJson(
              "/account/0/apps",
              "{\"name\": \"  My App  \", \"website\": \"https://example.com\","
                  + " \"callback_urls\": [\"http://localhost:8000\", \"https://example.com/cb\"]}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.meta().path("code").asInt()).isEqualTo(200);
      JsonNode app = r.data();
      assertThat(app.path("id").asText()).matches("[0-9]+");
      assertThat(app.path("client_id").asText()).matches("[0-9A-Za-z]{32}");
      assertThat(app.path("name").asText()).isEqualTo("My App");
      assertThat(app.path("website").asText()).isEqualTo("https://example.com");
      assertThat(app.path("callback_urls"))
          .extracting(JsonNode::asText)
          .containsExactly("http://localhost:8000", "https://example.com/cb");
      assertThat(app.path("version").asText()).isEqualTo("1");
      assertThat(app.path("created_at").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
      String secret = app.path("client_secret").asText();
      assertThat(secret).startsWith("kps_").hasSize(40);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");

      Http.Response got = me.get("/account/0/apps/" + app.path("id").asText());
      assertThat(got.status()).isEqualTo(200);
      assertThat(got.data().has("client_secret")).isFalse();
      assertThat(got.body()).doesNotContain(secret);
      assertThat(got.data().path("client_id").asText()).isEqualTo(app.path("client_id").asText());
      assertThat(got.header("ETag")).isEqualTo("\"1\"");
      Http.Response list = me.get("/account/0/apps");
      assertThat(list.body()).doesNotContain(secret);
    }

    @Test
    void listIsNewestFirstAndPaginatedAppNetStyle() {
      Http me = dev();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(Fixtures.createApp(me, null, "App " + i).path("id").asText());
      }
      Http.Response first = me.get("/account/0/apps?count=2");
      assertThat(first.data())
          .extracting(a -> a.path("id").asText())
          .containsExactly(ids.get(4), ids.get(3));
      assertThat(first.meta().path("more").asBoolean()).isTrue();
      assertThat(first.meta().path("max_id").asText()).isEqualTo(ids.get(4));
      assertThat(first.meta().path("min_id").asText()).isEqualTo(ids.get(3));
      Http.Response next = me.get("/account/0/apps?count=2&before_id=" + ids.get(3));
      assertThat(next.data())
          .extracting(a -> a.path("id").asText())
          .containsExactly(ids.get(2), ids.get(1));
      Http.Response last = me.get("/account/0/apps?count=2&before_id=" + ids.get(1));
      assertThat(last.data()).extracting(a -> a.path("id").asText()).containsExactly(ids.get(0));
      assertThat(last.meta().path("more").asBoolean()).isFalse();
      Http.Response since = me.get("/account/0/apps?since_id=" + ids.get(2));
      assertThat(since.data())
          .extracting(a -> a.path("id").asText())
          .containsExactly(ids.get(4), ids.get(3));
      assertInvalid(me.get("/account/0/apps?before_id=abc"), "before_id");
      assertInvalid(me.get("/account/0/apps?count=0"), "count");
    }

    @Test
    void namesAreUniquePerOwnerIgnoringCase() {
      Http me = dev();
      Fixtures.createApp(me, null, "Weather");
      assertError(me.postJson("/account/0/apps", appBody("wEATHER")), 409, "name-taken");
      assertError(me.postJson("/account/0/apps", appBody(" Weather ")), 409, "name-taken");
      // Another owner may use the same name.
      Fixtures.createApp(dev(), null, "Weather");
    }

    @Test
    void anotherOwnersAppIsNotFound() {
      Http alice = dev();
      Http bob = dev();
      String id = Fixtures.createApp(alice, null, "Alice's").path("id").asText();
      assertError(bob.get("/account/0/apps/" + id), 404, "not-found");
      assertError(
          bob.header("If-Match", "1").patchJson("/account/0/apps/" + id, "{\"name\": \"Mine\"}"),
          404,
          "not-found");
      assertError(bob.delete("/account/0/apps/" + id), 404, "not-found");
      assertError(bob.postJson("/account/0/apps/" + id + "/secret/reveal", "{}"), 404, "not-found");
      assertError(bob.postJson("/account/0/apps/" + id + "/secret/rotate", "{}"), 404, "not-found");
      assertError(bob.get("/account/0/apps/" + id + "/tokens/me"), 404, "not-found");
      assertError(bob.postJson("/account/0/apps/" + id + "/tokens/me", "{}"), 404, "not-found");
      assertThat(bob.get("/account/0/apps").data()).isEmpty();
      assertError(alice.get("/account/0/apps/999999"), 404, "not-found");
      assertError(alice.get("/account/0/apps/abc"), 404, "not-found");
      assertThat(alice.get("/account/0/apps/" + id).status()).isEqualTo(200);
    }

    @Test
    void nameRules() {
      Http me = dev();
      assertInvalid(
          me.postJson(
              "/account/0/apps",
              "{\"website\": \"https://example.com\", \"callback_urls\": [\"http://localhost:8000\"]}"),
          "name");
      assertInvalid(me.postJson("/account/0/apps", appBody("   ")), "name");
      assertInvalid(me.postJson("/account/0/apps", appBody("x".repeat(65))), "name");
      assertInvalid(me.postJson("/account/0/apps", appBody("bad\u0007name")), "name");
      assertInvalid(me.postJson("/account/0/apps", appBody("two\nlines")), "name");
      assertThat(me.postJson("/account/0/apps", appBody("x".repeat(64))).status()).isEqualTo(200);
      assertThat(me.postJson("/account/0/apps", appBody("Ünïcødé 名前")).status()).isEqualTo(200);
      // 64 characters outside the BMP (128 UTF-16 units), and one that grows when case-folded.
      Http.Response emoji = me.postJson("/account/0/apps", appBody("\uD83D\uDE80".repeat(64)));
      assertThat(emoji.status()).as(emoji.toString()).isEqualTo(200);
      assertThat(emoji.data().path("name").asText()).isEqualTo("\uD83D\uDE80".repeat(64));
      assertInvalid(me.postJson("/account/0/apps", appBody("\uD83D\uDE80".repeat(65))), "name");
      assertThat(me.postJson("/account/0/apps", appBody("ß".repeat(32))).status()).isEqualTo(200);
      assertError(me.postJson("/account/0/apps", appBody("SS".repeat(32))), 409, "name-taken");
    }

    String body(String website, String callbacksJson) {
      return "{\"name\": "
          + json(Fixtures.uniqueName("app"))
          + ", \"website\": "
          + website
          + ", \"callback_urls\": "
          + callbacksJson
          + "}";
    }

    @Test
    void websiteRules() {
      Http me = dev();
      String cb = "[\"http://localhost:8000\"]";
      assertInvalid(me.postJson("/account/0/apps", body("null", cb)), "website");
      assertInvalid(me.postJson("/account/0/apps", body("\"example.com\"", cb)), "website");
      assertInvalid(me.postJson("/account/0/apps", body("\"ftp://example.com\"", cb)), "website");
      assertInvalid(me.postJson("/account/0/apps", body("\"/relative\"", cb)), "website");
      assertInvalid(
          me.postJson("/account/0/apps", body("\"https://ex ample.com\"", cb)), "website");
      assertInvalid(
          me.postJson("/account/0/apps", body(json("https://example.com/" + "a".repeat(2030)), cb)),
          "website");
      assertInvalid(me.postJson("/account/0/apps", body("42", cb)), "website");
      assertThat(me.postJson("/account/0/apps", body("\"http://example.com\"", cb)).status())
          .isEqualTo(200);
    }

    @Test
    void callbackUrlRules() {
      Http me = dev();
      String site = "\"https://example.com\"";
      assertInvalid(me.postJson("/account/0/apps", body(site, "null")), "callback_urls");
      assertInvalid(me.postJson("/account/0/apps", body(site, "[]")), "callback_urls");
      assertInvalid(
          me.postJson("/account/0/apps", body(site, "\"https://example.com\"")), "callback_urls");
      StringBuilder seventeen = new StringBuilder("[");
      for (int i = 0; i < 17; i++) {
        seventeen.append(i == 0 ? "" : ",").append("\"https://example.com/").append(i).append("\"");
      }
      assertInvalid(
          me.postJson("/account/0/apps", body(site, seventeen.append("]").toString())),
          "callback_urls");
      assertInvalid(
          me.postJson("/account/0/apps", body(site, "[\"http://example.com/cb\"]")),
          "callback_urls[0]");
      assertInvalid(
          me.postJson("/account/0/apps", body(site, "[\"https://example.com/cb#frag\"]")),
          "callback_urls[0]");
      assertInvalid(
          me.postJson("/account/0/apps", body(site, "[\"https://a.example\", \"/relative\"]")),
          "callback_urls[1]");
      assertInvalid(
          me.postJson(
              "/account/0/apps", body(site, "[\"https://a.example\", \"https://a.example\"]")),
          "callback_urls[1]");
      assertInvalid(
          me.postJson("/account/0/apps", body(site, "[\"https://a.example\", 7]")),
          "callback_urls[1]");
      assertInvalid(
          me.postJson("/account/0/apps", body(site, "[\"myapp://cb\"]")), "callback_urls[0]");
      assertThat(
              me.postJson(
                      "/account/0/apps",
                      body(
                          site,
                          "[\"http://localhost:8000/cb\", \"http://127.0.0.1:9000\", \"http://[::1]:80/x\", \"https://example.com/cb\"]"))
                  .status())
          .isEqualTo(200);
    }

    @Test
    void malformedBodiesAre400NeverA500() {
      Http me = dev();
      assertInvalid(me.postJson("/account/0/apps", "{\"name\": "), "body");
      assertInvalid(me.postJson("/account/0/apps", "\"just a string\""), "body");
      assertInvalid(me.postJson("/account/0/apps", "{} trailing"), "body");
      assertInvalid(
          me.postJson(
              "/account/0/apps",
              "{\"name\": [\"x\"], \"website\": \"https://e.com\", \"callback_urls\": [\"http://localhost\"]}"),
          "name");
      assertInvalid(me.postJson("/account/0/apps", ""), "name");
      Http.Response r = me.send("POST", "/account/0/apps", "\u0000\u0001", "application/json");
      assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void patchNeedsIfMatchAndBumpsTheVersion() {
      Http me = dev();
      JsonNode app = Fixtures.createApp(me, null, "Patchable");
      String path = "/account/0/apps/" + app.path("id").asText();
      assertError(me.patchJson(path, "{\"name\": \"Renamed\"}"), 428, "precondition-required");
      assertError(
          me.header("If-Match", "7").patchJson(path, "{\"name\": \"Renamed\"}"),
          412,
          "version-conflict");
      assertInvalid(
          me.header("If-Match", "latest").patchJson(path, "{\"name\": \"Renamed\"}"), "If-Match");

      Http.Response r = me.header("If-Match", "1").patchJson(path, "{\"name\": \"Renamed\"}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.data().path("name").asText()).isEqualTo("Renamed");
      assertThat(r.data().path("version").asText()).isEqualTo("2");
      assertThat(r.data().path("website").asText()).isEqualTo("https://example.com");
      assertThat(r.data().path("callback_urls"))
          .extracting(JsonNode::asText)
          .containsExactly("http://localhost:8000");
      assertThat(r.header("ETag")).isEqualTo("\"2\"");

      // The old version is now a conflict; a quoted entity tag works too.
      assertError(
          me.header("If-Match", "1").patchJson(path, "{\"website\": \"https://other.example\"}"),
          412,
          "version-conflict");
      Http.Response r2 =
          me.header("If-Match", "\"2\"")
              .patchJson(
                  path,
                  "{\"website\": \"https://other.example\", \"callback_urls\": [\"https://other.example/cb\", \"http://localhost:1\"]}");
      assertThat(r2.status()).as(r2.toString()).isEqualTo(200);
      assertThat(r2.data().path("version").asText()).isEqualTo("3");
      assertThat(r2.data().path("name").asText()).isEqualTo("Renamed");
      assertThat(r2.data().path("callback_urls"))
          .extracting(JsonNode::asText)
          .containsExactly("https://other.example/cb", "http://localhost:1");
      assertThat(me.get(path).data().path("version").asText()).isEqualTo("3");
      assertThat(Instant.parse(r2.data().path("updated_at").asText()))
          .isAfterOrEqualTo(Instant.parse(app.path("updated_at").asText()));
      assertThat(r2.data().path("updated_at").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void patchValidatesLikeCreate() {
      Http me = dev();
      Fixtures.createApp(me, null, "Taken Name");
      JsonNode app = Fixtures.createApp(me, null, "Other");
      String path = "/account/0/apps/" + app.path("id").asText();
      Http v1 = me.header("If-Match", "1");
      assertInvalid(v1.patchJson(path, "{\"name\": \"\"}"), "name");
      assertInvalid(v1.patchJson(path, "{\"website\": \"nope\"}"), "website");
      assertInvalid(v1.patchJson(path, "{\"callback_urls\": []}"), "callback_urls");
      assertInvalid(
          v1.patchJson(path, "{\"callback_urls\": \"https://x.example\"}"), "callback_urls");
      assertInvalid(v1.patchJson(path, "{}"), "body");
      assertInvalid(v1.patchJson(path, "{oops"), "body");
      assertError(v1.patchJson(path, "{\"name\": \"TAKEN NAME\"}"), 409, "name-taken");
      // Refusals changed nothing.
      assertThat(me.get(path).data().path("version").asText()).isEqualTo("1");
      // Renaming to its own name in another case is fine.
      assertThat(v1.patchJson(path, "{\"name\": \"OTHER\"}").status()).isEqualTo(200);
    }

    @Test
    void deleteRemovesTheAppAndRevokesItsTokens() {
      String devToken = Fixtures.developer(http);
      Http me = http.bearer(devToken);
      JsonNode app = Fixtures.createApp(me, null, "Doomed");
      String id = app.path("id").asText();
      String userToken =
          Fixtures.ownToken(me, null, id, "{\"scopes\": [\"stream\"]}")
              .path("access_token")
              .asText();
      String appToken =
          Fixtures.clientCredentials(
                  http, app.path("client_id").asText(), app.path("client_secret").asText())
              .path("access_token")
              .asText();
      assertThat(http.bearer(userToken).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(http.bearer(appToken).get("/stream/0/token").status()).isEqualTo(200);

      Http.Response deleted = me.delete("/account/0/apps/" + id);
      assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
      assertThat(deleted.data().path("id").asText()).isEqualTo(id);
      assertError(me.get("/account/0/apps/" + id), 404, "not-found");
      assertError(me.delete("/account/0/apps/" + id), 404, "not-found");
      assertError(http.bearer(userToken).get("/stream/0/token"), 401, "not-authorized");
      assertError(http.bearer(appToken).get("/stream/0/token"), 401, "not-authorized");
      // Its client credentials are gone too.
      Http.Response grant =
          http.postForm(
              "/oauth/access_token",
              Fixtures.form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  app.path("client_id").asText(),
                  "client_secret",
                  app.path("client_secret").asText()));
      Fixtures.assertOAuthError(grant, 401, "invalid_client");
      // The developer's own session is untouched, and the name is free again.
      Fixtures.createApp(me, null, "Doomed");
    }

    @Test
    void appsNeedTheDeveloperScope() {
      Http me = dev();
      JsonNode app = Fixtures.createApp(me, null, "Scoped");
      String id = app.path("id").asText();
      Http user =
          http.bearer(
              Fixtures.ownToken(
                      me,
                      null,
                      id,
                      "{\"scopes\": [\"basic\", \"stream\", \"write_post\", \"follow\", \"public_messages\", \"messages\","
                          + " \"update_profile\", \"files\", \"export\"]}")
                  .path("access_token")
                  .asText());
      Http appToken =
          http.bearer(
              Fixtures.clientCredentials(
                      http, app.path("client_id").asText(), app.path("client_secret").asText())
                  .path("access_token")
                  .asText());
      for (Http caller : List.of(user, appToken)) {
        for (Http.Response r :
            List.of(
                caller.get("/account/0/apps"),
                caller.postJson("/account/0/apps", appBody("Nope")),
                caller.get("/account/0/apps/" + id),
                caller
                    .header("If-Match", "1")
                    .patchJson("/account/0/apps/" + id, "{\"name\": \"x\"}"),
                caller.delete("/account/0/apps/" + id),
                caller.postJson("/account/0/apps/" + id + "/secret/reveal", "{}"),
                caller.postJson("/account/0/apps/" + id + "/secret/rotate", "{}"),
                caller.get("/account/0/apps/" + id + "/tokens/me"),
                caller.postJson("/account/0/apps/" + id + "/tokens/me", "{}"))) {
          assertError(r, 403, "insufficient-scope");
          assertThat(r.meta().path("error_message").asText()).contains("developer");
        }
      }
      for (Http.Response r :
          List.of(
              http.get("/account/0/apps/" + id),
              http.delete("/account/0/apps/" + id),
              http.postJson("/account/0/apps", appBody("x")))) {
        assertError(r, 401, "invalid-token");
      }
      assertThat(me.get("/account/0/apps/" + id).status()).isEqualTo(200);
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
