package io.keyport.cli;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keyport server}: the account server alone, headless, for a team. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run the Keyport account server alone (no desktop).",
    subcommands = {AddUserCommand.class})
public final class ServerCommand implements Callable<Integer> {

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "8470", description = "Port to listen on; 0 takes any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Mixin
  DatabaseOptions database;

  @Option(names = "--signup", description = "Open sign-up: POST /account/0/users.")
  boolean signup;

  @Option(names = "--public-url", description = "The URL users reach this server at (default: the bound address).")
  String publicUrl;

  @Option(names = "--read-limit", defaultValue = "5000", description = "Requests per hour per token (default: ${DEFAULT-VALUE}).")
  long readLimit;

  @Option(names = "--write-limit", defaultValue = "20", description = "Writes per minute per token (default: ${DEFAULT-VALUE}).")
  long writeLimit;

  @Option(names = "--anon-limit", defaultValue = "50", description = "Unauthenticated requests per minute per address (default: ${DEFAULT-VALUE}).")
  long anonLimit;

  ServerConfig config() throws IOException {
    return new ServerConfig(bind, port, database.dataDir(), database.dbUrl, database.dbUser,
        database.dbPassword(), signup, publicUrl, readLimit, writeLimit, anonLimit, false);
  }

  @Override
  public Integer call() throws Exception {
    KeyportServer server = KeyportServer.start(config());
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl+C: drain in-flight requests and close the database cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Keyport server stopping: finishing the requests in flight, then closing the database");
      try {
        server.close();
        System.out.println("Keyport server stopped");
      } finally {
        stopped.countDown();
      }
    }, "keyport-shutdown"));
    System.out.println("Keyport server listening on " + server.baseUrl());
    stopped.await();
    return 0;
  }
}
