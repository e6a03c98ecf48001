package io.keyport;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.testing.Http;
import io.keyport.testing.StandaloneServer;
import io.keyport.testing.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code keyport server} as its own process: it starts, answers, and SIGTERM stops it cleanly. */
class StandaloneServerTest {

  @Test
  void sigtermStopsItCleanlyAndTheDatabaseOpensAgain() {
    Path data = TestServers.newDataDir();
    try (StandaloneServer server = StandaloneServer.start("--port", "0", "--data", data.toString())) {
      assertThat(Http.to(server.baseUrl()).get("/health").status()).isEqualTo(200);
      int exit = server.terminate();
      assertThat(exit).as("exit code after SIGTERM; output %s", server.output()).isIn(0, 143);
      assertThat(server.output()).as("exit %d", exit).anyMatch(l -> l.contains("Keyport server stopped"));
      assertThat(server.output()).noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
    }
    try (StandaloneServer again = StandaloneServer.start("--port", "0", "--data", data.toString())) {
      assertThat(Http.to(again.baseUrl()).get("/health").status()).isEqualTo(200);
      assertThat(again.terminate()).isIn(0, 143);
    }
  }
}
