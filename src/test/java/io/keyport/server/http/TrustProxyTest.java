package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code --trust-proxy}: behind a trusted proxy each client has its own per-address limit and is
 * audited under its own address; from anyone else a forged {@code X-Forwarded-For} changes nothing.
 */
class TrustProxyTest {
  static final long ANON_LIMIT = 3;

  abstract static class Contract {
    abstract TestServers backend();

    private KeyportServer server;

    @AfterEach
    void stop() {
      if (server != null) {
        server.close();
      }
    }

    private Http start(List<String> trusted) {
      server =
          backend()
              .start(
                  c ->
                      c.withSignup(true)
                          .withLimits(1_000_000, 1_000_000, ANON_LIMIT)
                          .withTrustedProxies(trusted));
      return Http.to(server.baseUrl());
    }

    private static int scopes(Http http, String forwardedFor) {
      return http.header("X-Forwarded-For", forwardedFor).get("/stream/0/scopes").status();
    }

    @Test
    void fromATrustedProxyEachForwardedClientHasItsOwnLimitAndAuditAddress() {
      Http http = start(List.of("127.0.0.0/8", "::1"));
      for (int i = 0; i < ANON_LIMIT; i++) {
        assertThat(scopes(http, "203.0.113.7")).isEqualTo(200);
      }
      assertThat(scopes(http, "203.0.113.7")).isEqualTo(429);
      assertThat(scopes(http, "203.0.113.8")).as("another client behind the proxy").isEqualTo(200);
      // A forged entry on the left does not help: the proxy appended the real address on the right.
      assertThat(scopes(http, "198.51.100.99, 203.0.113.7")).isEqualTo(429);
      assertThat(
              http.header("Forwarded", "for=\"198.51.100.4:5000\"")
                  .get("/stream/0/scopes")
                  .status())
          .isEqualTo(200);

      Http client = http.header("X-Forwarded-For", "192.0.2.55");
      String developer = Fixtures.developer(client);
      JsonNode app = Fixtures.createApp(client, developer, Fixtures.uniqueName("Audited"));
      String appId = app.path("id").asText();
      assertThat(
              client
                  .bearer(developer)
                  .postJson("/account/0/apps/" + appId + "/secret/reveal", "{}")
                  .status())
          .isEqualTo(200);
      assertThat(server.auditOf(appId))
          .extracting(KeyportServer.AuditEntry::address)
          .containsOnly("192.0.2.55");
    }

    @Test
    void aForgedHeaderFromAnUntrustedAddressIsIgnored() {
      Http http = start(List.of("10.0.0.0/8"));
      for (int i = 0; i < ANON_LIMIT; i++) {
        assertThat(scopes(http, "203.0.113." + (10 + i))).isEqualTo(200);
      }
      assertThat(scopes(http, "203.0.113.99")).as("all one address: the peer's").isEqualTo(429);
      assertThat(http.header("Forwarded", "for=198.51.100.4").get("/stream/0/scopes").status())
          .isEqualTo(429);

      server.close();
      Http open = start(List.of("10.0.0.0/8"));
      Http client = open.header("X-Forwarded-For", "192.0.2.55");
      String developer = Fixtures.developer(client);
      String appId =
          Fixtures.createApp(client, developer, Fixtures.uniqueName("Audited")).path("id").asText();
      client.bearer(developer).postJson("/account/0/apps/" + appId + "/secret/reveal", "{}");
      assertThat(server.auditOf(appId))
          .extracting(KeyportServer.AuditEntry::address)
          .doesNotContain("192.0.2.55")
          .isNotEmpty();
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
