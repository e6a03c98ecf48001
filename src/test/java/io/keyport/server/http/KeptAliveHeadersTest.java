package io.keyport.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.testing.RawHttp;
import io.keyport.testing.TestServers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Requests in turn on one kept-alive connection (what a pooled client does) are each read as sent.
 * Jetty keeps a per-connection cache of repeated header lines (Authorization and Cookie among them)
 * that by default matches ignoring case, so a token differing from the previous request's only in
 * the case of a letter was read as that previous token: SkeletonEndpointsTest's bad-checksum test
 * (last character turned to 'A') followed by the real token (ending in 'a', one time in 62) was
 * answered "The access token is malformed." On H2 and PostgreSQL.
 */
class KeptAliveHeadersTest {

  abstract static class Contract extends OpenServerContract {

    @Test
    void aTokenAfterOneDifferingOnlyInCaseIsReadAsSent() {
      String token = server.localSession("alice").token().reveal();
      try (RawHttp.Connection connection = RawHttp.open(server.baseUrl())) {
        RawHttp.Answer wrong = connection.send(appsWith(caseOfLastLetterSwapped(token)));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);

        RawHttp.Answer right = connection.send(appsWith(token));
        assertThat(right.status()).as(right.body()).isEqualTo(200);
      }
    }

    @Test
    void aTokenDifferingOnlyInCaseFromTheOneBeforeIsNotTakenForIt() {
      String token = server.localSession("bob").token().reveal();
      try (RawHttp.Connection connection = RawHttp.open(server.baseUrl())) {
        RawHttp.Answer right = connection.send(appsWith(token));
        assertThat(right.status()).as(right.body()).isEqualTo(200);

        RawHttp.Answer wrong = connection.send(appsWith(caseOfLastLetterSwapped(token)));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
        assertThat(wrong.json().path("meta").path("error_slug").asText())
            .isEqualTo("invalid-token");
      }
    }

    private static String appsWith(String token) {
      return "GET /account/0/apps HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token;
    }

    /** The token with its last letter's case turned: another token, which fails its checksum. */
    private static String caseOfLastLetterSwapped(String token) {
      char[] chars = token.toCharArray();
      for (int i = chars.length - 1; i >= 0; i--) {
        char c = chars[i];
        if (Character.isLetter(c)) {
          chars[i] = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
          return new String(chars);
        }
      }
      throw new AssertionError("a token without letters");
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
