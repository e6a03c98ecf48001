package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.core.MasterKeyCheck;
import io.keyport.server.crypto.MasterKey;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.nio.file.Files;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The master key lives in the data folder, outside the database: after a restart on the same data
 * the client secret still reveals and still authenticates, and tokens still work; with the key
 * gone, the sealed secret cannot be revealed (a clear error) until it is rotated; on PostgreSQL,
 * which other instances may share, the new key is refused until taken on purpose. On H2 and
 * PostgreSQL; each test restarts its own server, which is the point.
 */
class MasterKeyRestartTest {

  abstract static class Contract {
    abstract TestServers backend();

    @Test
    void secretsAndTokensSurviveARestartAndALostKeyNeedsARotation() throws Exception {
      ServerConfig config =
          backend().config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000);
      String dev;
      JsonNode app;
      String userToken;
      try (KeyportServer server = KeyportServer.start(config)) {
        Http http = Http.to(server.baseUrl());
        dev = Fixtures.developer(http);
        app = Fixtures.createApp(http, dev, "Survivor");
        userToken =
            Fixtures.ownToken(http, dev, app.path("id").asText(), "{}")
                .path("access_token")
                .asText();
      }
      String id = app.path("id").asText();
      String secret = app.path("client_secret").asText();
      try (KeyportServer server = KeyportServer.start(config)) {
        Http http = Http.to(server.baseUrl());
        assertThat(
                http.bearer(dev)
                    .postJson("/account/0/apps/" + id + "/secret/reveal", "{}")
                    .data()
                    .path("client_secret")
                    .asText())
            .isEqualTo(secret);
        Fixtures.clientCredentials(http, app.path("client_id").asText(), secret);
        assertThat(http.bearer(userToken).get("/stream/0/token").status()).isEqualTo(200);
      }

      Files.delete(config.dataDir().resolve(MasterKey.FILE_NAME));
      ServerConfig withNewKey = config;
      if (backend() == TestServers.POSTGRES) {
        // A database others may share refuses another key until told the old one is lost.
        assertThatThrownBy(() -> KeyportServer.start(config))
            .isInstanceOf(MasterKeyCheck.KeyMismatch.class)
            .hasMessageContaining("--replace-master-key");
        withNewKey = config.withReplaceMasterKey(true);
      }
      try (KeyportServer server = KeyportServer.start(withNewKey)) {
        Http http = Http.to(server.baseUrl());
        Http.Response reveal =
            http.bearer(dev).postJson("/account/0/apps/" + id + "/secret/reveal", "{}");
        assertError(reveal, 500, "server-error");
        assertThat(reveal.meta().path("error_message").asText())
            .contains("master key")
            .contains("rotate");
        // Tokens are hashes, not sealed: they still work. The client secret's MAC key changed with
        // the master key, so the old secret no longer authenticates.
        assertThat(http.bearer(userToken).get("/stream/0/token").status()).isEqualTo(200);
        Fixtures.assertOAuthError(
            http.postForm(
                "/oauth/access_token",
                Fixtures.form(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    app.path("client_id").asText(),
                    "client_secret",
                    secret)),
            401,
            "invalid_client");
        String rotated =
            http.bearer(dev)
                .postJson("/account/0/apps/" + id + "/secret/rotate", "{}")
                .data()
                .path("client_secret")
                .asText();
        assertThat(
                http.bearer(dev)
                    .postJson("/account/0/apps/" + id + "/secret/reveal", "{}")
                    .data()
                    .path("client_secret")
                    .asText())
            .isEqualTo(rotated);
        Fixtures.clientCredentials(http, app.path("client_id").asText(), rotated);
      }
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
