package io.keyport.server.http;

import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One server per test class with sign-up open and limits out of the way, on the backend a nested
 * OnH2/OnPostgres class names: the set-up the endpoint tests of accounts, apps and secrets share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenServerContract {
  KeyportServer server;
  Http http;

  abstract TestServers backend();

  @BeforeAll
  void start() {
    server = backend().start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
    http = Http.to(server.baseUrl());
  }

  @AfterAll
  void stop() {
    server.close();
  }
}
