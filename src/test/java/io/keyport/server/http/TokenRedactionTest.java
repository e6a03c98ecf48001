package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.testing.Http;
import io.keyport.testing.LogCapture;
import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A token or client secret the client put where it does not belong — in a URL path, as a scope
 * name, as a form parameter's name — is never echoed nor logged whole: only its prefix and last
 * four ({@code kpu_…AbCd}). On H2 and PostgreSQL.
 */
class TokenRedactionTest {

  abstract static class Contract extends OpenServerContract {
    static String redacted(Secret token) {
      return token.reveal().substring(0, 4) + "…" + token.last4();
    }

    @Test
    void aTokenInTheUrlPathIsRedactedInThe404AndTheRequestLog() {
      Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
      try (LogCapture log = LogCapture.start()) {
        Http.Response r = http.get("/stream/0/token/" + token.reveal());
        Fixtures.assertError(r, 404, "not-found");
        assertThat(r.body())
            .doesNotContain(token.reveal())
            .contains("/stream/0/token/" + redacted(token));
        String line = log.awaitLine(l -> l.contains(r.meta().path("error_id").asText()));
        assertThat(line).contains(redacted(token));
        assertThat(String.join("\n", log.lines())).doesNotContain(token.reveal());
      }
    }

    @Test
    void aSecretInThePathOfAMethodNotAllowedIsRedacted() {
      Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
      try (LogCapture log = LogCapture.start()) {
        // a raw request: the path as sent, and a method no route of it takes
        RawHttp.Answer r =
            RawHttp.send(
                server.baseUrl(),
                "PUT /account/0/apps/"
                    + secret.reveal()
                    + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0",
                new byte[0]);
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.body()).doesNotContain(secret.reveal());
        String errorId = r.json().path("meta").path("error_id").asText();
        log.awaitLine(l -> l.contains(errorId));
        assertThat(String.join("\n", log.lines())).doesNotContain(secret.reveal());
      }
    }

    @Test
    void anUnknownScopeShapedLikeATokenIsRedacted() {
      Http me = http.bearer(Fixtures.developer(http));
      String id = Fixtures.createApp(me, null, Fixtures.uniqueName("Scoped")).path("id").asText();
      Secret token = TokenFormat.generate(TokenFormat.Kind.APP);
      Http.Response r =
          me.postJson(
              "/account/0/apps/" + id + "/tokens/me", "{\"scopes\": [\"" + token.reveal() + "\"]}");
      Fixtures.assertInvalid(r, "scopes");
      assertThat(r.body()).doesNotContain(token.reveal()).contains(redacted(token));
    }

    @Test
    void aFormParameterNamedLikeATokenIsRedacted() {
      Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
      Http.Response r =
          http.postForm(
              "/oauth/access_token",
              "grant_type=password&" + token.reveal() + "=1&" + token.reveal() + "=2");
      Fixtures.assertOAuthError(r, 400, "invalid_request");
      assertThat(r.body()).doesNotContain(token.reveal()).contains(redacted(token));
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

  /** The one redaction function, on its own. */
  @Nested
  class Redact {
    @Test
    void everyTokenShapedRunBecomesPrefixAndLastFour() {
      Secret user = TokenFormat.generate(TokenFormat.Kind.USER);
      Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
      String text = "a " + user.reveal() + " and /x/" + secret.reveal() + "?y";
      assertThat(TokenFormat.redact(text))
          .isEqualTo("a kpu_…" + user.last4() + " and /x/kps_…" + secret.last4() + "?y");
      // cut off or with a wrong checksum still looks like one; a bare prefix does not
      String cut = user.reveal().substring(0, 20);
      assertThat(TokenFormat.redact(cut)).isEqualTo("kpu_…" + cut.substring(16));
      assertThat(TokenFormat.redact("KPA_abcdefghijkl")).isEqualTo("KPA_…ijkl");
      for (String untouched :
          List.of("", "kpu_", "kpu_short", "/stream/0/token", "no tokens here")) {
        assertThat(TokenFormat.redact(untouched)).isEqualTo(untouched);
      }
      assertThat(TokenFormat.redact(null)).isNull();
      assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(TokenFormat.redact(text))).isTrue();
    }
  }
}
