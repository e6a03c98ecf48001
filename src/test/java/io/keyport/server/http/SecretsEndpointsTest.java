package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer.AuditEntry;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reveal and rotate a client secret, audited; on H2 and PostgreSQL. */
class SecretsEndpointsTest {

  abstract static class Contract extends OpenServerContract {

    Http.Response grant(String clientId, String secret) {
      return http.postForm(
          "/oauth/access_token",
          form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    @Test
    void revealGivesTheSecretCreateReturnedAndIsAudited() {
      Http me = http.bearer(Fixtures.developer(http));
      String userId = me.get("/stream/0/users/me").data().path("id").asText();
      JsonNode app = Fixtures.createApp(me, null, "Revealing");
      String id = app.path("id").asText();
      assertThat(server.auditOf(id)).isEmpty();

      Http.Response r = me.postJson("/account/0/apps/" + id + "/secret/reveal", "{}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.data().path("client_secret").asText())
          .isEqualTo(app.path("client_secret").asText());
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      // Without a body too, as curl -X POST sends it.
      assertThat(me.send("POST", "/account/0/apps/" + id + "/secret/reveal", null, null).status())
          .isEqualTo(200);

      List<AuditEntry> audit = server.auditOf(id);
      assertThat(audit).hasSize(2);
      AuditEntry entry = audit.get(0);
      assertThat(entry.action()).isEqualTo("secret.reveal");
      assertThat(entry.accountId()).isEqualTo(userId);
      assertThat(entry.appId()).isEqualTo(id);
      assertThat(entry.clientId()).isEqualTo(app.path("client_id").asText());
      assertThat(entry.address()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
      assertThat(entry.at()).isNotNull();
    }

    @Test
    void rotateGivesANewSecretAndTheOldOneStopsWorking() {
      Http me = http.bearer(Fixtures.developer(http));
      JsonNode app = Fixtures.createApp(me, null, "Rotating");
      String id = app.path("id").asText();
      String clientId = app.path("client_id").asText();
      String old = app.path("client_secret").asText();
      assertThat(grant(clientId, old).status()).isEqualTo(200);

      Http.Response r = me.postJson("/account/0/apps/" + id + "/secret/rotate", "{}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      String fresh = r.data().path("client_secret").asText();
      assertThat(fresh).startsWith("kps_").hasSize(40).isNotEqualTo(old);
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");

      Fixtures.assertOAuthError(grant(clientId, old), 401, "invalid_client");
      assertThat(grant(clientId, fresh).status()).isEqualTo(200);
      assertThat(
              me.postJson("/account/0/apps/" + id + "/secret/reveal", "{}")
                  .data()
                  .path("client_secret")
                  .asText())
          .isEqualTo(fresh);
      assertThat(server.auditOf(id))
          .extracting(AuditEntry::action)
          .containsExactly("secret.rotate", "secret.reveal");
      // The app's client id and version are unchanged.
      JsonNode after = me.get("/account/0/apps/" + id).data();
      assertThat(after.path("client_id").asText()).isEqualTo(clientId);
    }

    @Test
    void revealAndRotateOfNoSuchAppAre404AndNotAudited() {
      Http me = http.bearer(Fixtures.developer(http));
      assertError(me.postJson("/account/0/apps/424242/secret/reveal", "{}"), 404, "not-found");
      assertError(me.postJson("/account/0/apps/424242/secret/rotate", "{}"), 404, "not-found");
      assertThat(server.auditOf("424242")).isEmpty();
    }

    @Test
    void revealNeedsAToken() {
      assertError(http.postJson("/account/0/apps/1/secret/reveal", "{}"), 401, "invalid-token");
      assertError(http.postJson("/account/0/apps/1/secret/rotate", "{}"), 401, "invalid-token");
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
