package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.PASSWORD;
import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertInvalid;
import static io.keyport.server.http.Fixtures.form;
import static io.keyport.server.http.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sign-up, the password grant and {@code /stream/0/users/me}, on a server with sign-up open; on H2
 * and PostgreSQL.
 */
class AccountsEndpointsTest {

  abstract static class Contract extends OpenServerContract {

    Http.Response signUp(String body) {
      return http.postJson("/account/0/users", body);
    }

    @Test
    void signUpReturnsTheUserWithItsCanonicalUrl() {
      Http.Response r =
          signUp(
              "{\"username\": \"alice_1\", \"password\": \""
                  + PASSWORD
                  + "\", \"name\": \"Alice\"}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.meta().path("code").asInt()).isEqualTo(200);
      JsonNode user = r.data();
      assertThat(user.path("id").asText()).matches("[0-9]+");
      assertThat(user.path("username").asText()).isEqualTo("alice_1");
      assertThat(user.path("name").asText()).isEqualTo("Alice");
      assertThat(user.path("canonical_url").asText()).isEqualTo(server.baseUrl() + "/alice_1");
      assertThat(r.body()).doesNotContain(PASSWORD);
    }

    @Test
    void aTakenUsernameIs409() {
      Fixtures.signUp(http, "bob_1", PASSWORD);
      assertError(
          signUp("{\"username\": \"bob_1\", \"password\": \"another password\"}"),
          409,
          "username-taken");
    }

    @Test
    void usernamesFollowTheRules() {
      assertInvalid(signUp("{\"password\": \"" + PASSWORD + "\"}"), "username");
      assertInvalid(signUp("{\"username\": \"\", \"password\": \"" + PASSWORD + "\"}"), "username");
      assertInvalid(
          signUp("{\"username\": \"Alice\", \"password\": \"" + PASSWORD + "\"}"), "username");
      assertInvalid(
          signUp("{\"username\": \"al-ice\", \"password\": \"" + PASSWORD + "\"}"), "username");
      assertInvalid(
          signUp("{\"username\": \"abcdefghijklmnopqrstu\", \"password\": \"" + PASSWORD + "\"}"),
          "username");
      assertThat(
              signUp("{\"username\": \"abcdefghijklmnopqrst\", \"password\": \"" + PASSWORD + "\"}")
                  .status())
          .isEqualTo(200);
    }

    @Test
    void passwordsAre10To1024CharactersAndNeverEchoed() {
      Http.Response shortOne = signUp("{\"username\": \"carol_1\", \"password\": \"123456789\"}");
      assertInvalid(shortOne, "password");
      assertThat(shortOne.body()).doesNotContain("123456789");
      assertInvalid(
          signUp("{\"username\": \"carol_1\", \"password\": " + json("x".repeat(1025)) + "}"),
          "password");
      assertInvalid(signUp("{\"username\": \"carol_1\"}"), "password");
      assertThat(
              signUp("{\"username\": \"carol_1\", \"password\": " + json("x".repeat(1024)) + "}")
                  .status())
          .isEqualTo(200);
      assertThat(signUp("{\"username\": \"carol_2\", \"password\": \"1234567890\"}").status())
          .isEqualTo(200);
    }

    @Test
    void malformedJsonAndWrongTypesAre400NamingTheField() {
      assertInvalid(signUp("{\"username\": "), "body");
      assertInvalid(signUp("[1, 2]"), "body");
      assertInvalid(signUp("{\"username\": 12, \"password\": \"" + PASSWORD + "\"}"), "username");
      assertInvalid(signUp("{\"username\": \"dave_1\", \"password\": [\"x\"]}"), "password");
      assertInvalid(
          signUp("{\"username\": \"dave_1\", \"password\": \"" + PASSWORD + "\", \"name\": {}}"),
          "name");
    }

    @Test
    void displayNamesUpTo200CharactersEvenOutsideTheBmp() {
      Http.Response r =
          signUp(
              "{\"username\": \"emoji_1\", \"password\": \""
                  + PASSWORD
                  + "\", \"name\": "
                  + json("\uD83D\uDE80".repeat(200))
                  + "}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertInvalid(
          signUp(
              "{\"username\": \"emoji_2\", \"password\": \""
                  + PASSWORD
                  + "\", \"name\": "
                  + json("x".repeat(201))
                  + "}"),
          "name");
      assertInvalid(
          signUp(
              "{\"username\": \"emoji_2\", \"password\": \""
                  + PASSWORD
                  + "\", \"name\": "
                  + json("bell\u0007")
                  + "}"),
          "name");
    }

    @Test
    void unknownFieldsAreIgnored() {
      Http.Response r =
          signUp(
              "{\"username\": \"erin_1\", \"password\": \"" + PASSWORD + "\", \"favourite\": 7}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void thePasswordGrantGivesABasicDeveloperUserToken() {
      Fixtures.signUp(http, "frank_1", PASSWORD);
      JsonNode answer = Fixtures.passwordGrant(http, "frank_1", PASSWORD);
      assertThat(answer.path("token_type").asText()).isEqualTo("bearer");
      String token = answer.path("access_token").asText();
      assertThat(token).startsWith("kpu_").hasSize(40);
      JsonNode t = answer.path("token");
      assertThat(t.path("scopes"))
          .extracting(JsonNode::asText)
          .containsExactly("basic", "developer");
      assertThat(t.path("app").path("client_id").asText()).isEqualTo("keyport-desktop");
      assertThat(t.path("user").path("username").asText()).isEqualTo("frank_1");
      assertThat(t.path("last4").asText()).isEqualTo(token.substring(token.length() - 4));
      assertThat(t.path("expires_at").isNull()).isTrue();

      Http.Response me = http.bearer(token).get("/stream/0/users/me");
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.data().path("username").asText()).isEqualTo("frank_1");
      assertThat(me.header("X-OAuth-Scopes")).isEqualTo("basic,developer");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameInvalidGrant() {
      Fixtures.signUp(http, "grace_1", PASSWORD);
      Http.Response wrong =
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  "grace_1",
                  "password",
                  "not the password"));
      Http.Response unknown =
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  "nobody_here",
                  "password",
                  "not the password"));
      Fixtures.assertOAuthError(wrong, 400, "invalid_grant");
      Fixtures.assertOAuthError(unknown, 400, "invalid_grant");
      assertThat(wrong.json().path("error_description").asText())
          .isEqualTo(unknown.json().path("error_description").asText());
      assertThat(wrong.body()).doesNotContain("not the password");
    }

    @Test
    void usersMeNeedsAValidToken() {
      assertError(http.get("/stream/0/users/me"), 401, "invalid-token");
      assertError(http.bearer("kpu_nonsense").get("/stream/0/users/me"), 401, "invalid-token");
      assertThat(http.get("/stream/0/users/me").header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void theLocalSessionStillWorks() {
      String token = server.localSession("henry").token().reveal();
      Http.Response me = http.bearer(token).get("/stream/0/users/me");
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.data().path("username").asText()).isEqualTo("henry");
      String second = server.localSession("henry").token().reveal();
      assertError(http.bearer(token).get("/stream/0/users/me"), 401, "not-authorized");
      assertThat(http.bearer(second).get("/stream/0/users/me").status()).isEqualTo(200);
    }

    @Test
    void aLocalAccountCannotSignInWithAPassword() {
      server.localSession("ivan");
      Http.Response r =
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  "ivan",
                  "password",
                  PASSWORD));
      Fixtures.assertOAuthError(r, 400, "invalid_grant");
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
