package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.Scopes;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /health}, {@code /stream/0/scopes}, {@code /account/0/apps}: status, envelope, headers; on
 * H2 and PostgreSQL.
 */
class SkeletonEndpointsTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    Http http;
    String token;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server = backend().start();
      http = Http.to(server.baseUrl());
      token = server.localSession("alice").token().reveal();
    }

    @AfterAll
    void stop() {
      server.close();
    }

    @Test
    void healthAnswers200WithTheEnvelope() {
      Http.Response r = http.get("/health");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.meta().path("code").asInt()).isEqualTo(200);
      assertThat(r.meta().size()).as("meta holds only code on success").isEqualTo(1);
      assertThat(r.data().path("status").asText()).isEqualTo("ok");
      assertThat(r.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void scopesAreAppNetsNineInOrderWithExportSensitive() {
      Http.Response r = http.get("/stream/0/scopes");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.meta().path("code").asInt()).isEqualTo(200);
      List<String> names = new ArrayList<>();
      for (JsonNode scope : r.data()) {
        names.add(scope.path("name").asText());
        assertThat(scope.path("description").asText()).isNotBlank();
        assertThat(scope.path("sensitive").asBoolean())
            .isEqualTo(scope.path("name").asText().equals("export"));
      }
      assertThat(names)
          .containsExactly(
              "basic",
              "stream",
              "write_post",
              "follow",
              "public_messages",
              "messages",
              "update_profile",
              "files",
              "export");
      assertThat(names).doesNotContain(Scopes.DEVELOPER);
    }

    @Test
    void appsOfANewAccountAreAnEmptyPageWithTheTokensScopes() {
      Http.Response r = http.bearer(token).get("/account/0/apps");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.meta().path("code").asInt()).isEqualTo(200);
      assertThat(r.meta().path("more").asBoolean(true)).isFalse();
      assertThat(r.data().isArray()).isTrue();
      assertThat(r.data()).isEmpty();
      assertThat(r.header("X-OAuth-Scopes")).isEqualTo("basic,developer");
    }

    @Test
    void appsWithoutATokenIs401InvalidToken() {
      Http.Response r = http.get("/account/0/apps");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.meta().path("code").asInt()).isEqualTo(401);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo("invalid-token");
      assertThat(r.meta().path("error_id").asText()).isNotBlank();
      assertThat(r.json().has("data")).isFalse();
    }

    @Test
    void aTokenWithABadChecksumIsRefused() {
      String broken = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
      Http.Response r = http.bearer(broken).get("/account/0/apps");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo("invalid-token");
    }

    @Test
    void aTokenInTheQueryStringIsRefused() {
      Http.Response r = http.get("/account/0/apps?access_token=" + token);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo("token-in-query");
    }

    @Test
    void anUnknownPathIs404WithTheEnvelope() {
      Http.Response r = http.get("/stream/0/nothing-here");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.meta().path("code").asInt()).isEqualTo(404);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo("not-found");
    }

    @Test
    void aWrongMethodIs405WithTheEnvelope() {
      Http.Response r = http.delete("/stream/0/scopes");
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.meta().path("code").asInt()).isEqualTo(405);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo("method-not-allowed");
    }

    @Test
    void aBadCountIs400NamingTheField() {
      Http.Response r = http.bearer(token).get("/account/0/apps?count=999");
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.meta().path("error_slug").asText()).isEqualTo("invalid-request");
      assertThat(r.meta().path("error_message").asText()).contains("count");
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
