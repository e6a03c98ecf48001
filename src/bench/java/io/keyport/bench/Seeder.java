package io.keyport.bench;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills the embedded server's data folder the desktop will open ({@code $XDG_DATA_HOME/keyport}):
 * starts the embedded server on it in this JVM, signs the OS user in as the desktop does, and
 * creates the apps through the HTTP API.
 */
final class Seeder {
  private Seeder() {}

  static long seed(Path xdgDataHome, int apps) throws Exception {
    long t0 = System.nanoTime();
    Path dataDir = xdgDataHome.resolve("keyport");
    ServerConfig config =
        ServerConfig.embedded(dataDir, 0)
            .withLimits(1_000_000_000L, 1_000_000_000L, 1_000_000_000L);
    try (KeyportServer server = KeyportServer.start(config)) {
      String token = server.localSession(System.getProperty("user.name")).token().reveal();
      Api api = new Api(server.baseUrl());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 1; i <= apps; i++) {
          int n = i;
          done.add(pool.submit(() -> api.postJson("/account/0/apps", token, Api.newApp(n))));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
