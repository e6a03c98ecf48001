package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;

import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Without {@code --signup}, {@code POST /account/0/users} is 403 {@code signup-closed}; on H2 and
 * PostgreSQL.
 */
class SignupClosedTest {

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Contract {
    KeyportServer server;
    Http http;

    abstract TestServers backend();

    @BeforeAll
    void start() {
      server = backend().start();
      http = Http.to(server.baseUrl());
    }

    @AfterAll
    void stop() {
      server.close();
    }

    @Test
    void signUpIsClosed() {
      assertError(
          http.postJson(
              "/account/0/users",
              "{\"username\": \"alice\", \"password\": \"" + Fixtures.PASSWORD + "\"}"),
          403,
          "signup-closed");
    }

    @Test
    void closedEvenForNonsense() {
      assertError(http.postJson("/account/0/users", "{not json"), 403, "signup-closed");
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
