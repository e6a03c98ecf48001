package io.keyport.cli;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.core.MasterKeyCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code keyport server}: the account server alone, headless, for a team. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run the Keyport account server alone (no desktop).",
    footer = {
      "",
      "Master key: client secrets are sealed with a master key kept outside the database: the"
          + " environment variable KEYPORT_MASTER_KEY (base64 of 32 random bytes, e.g. from"
          + " `head -c 32 /dev/urandom | base64`), else the file master.key in --data, created on first"
          + " start. Every instance on one PostgreSQL database needs the SAME key (the same"
          + " KEYPORT_MASTER_KEY, or a copy of the same master.key); an instance with another key refuses"
          + " to start. Back the key up with the database, apart from it: without it no client secret"
          + " can be revealed or used again, and each must be rotated.",
      "",
      "Readiness: GET /health/ready answers 200 when the database answers and (PostgreSQL) this"
          + " instance hears the others' writes, else 503; GET /health answers 200 while the process runs."
    },
    subcommands = {AddUserCommand.class})
public final class ServerCommand implements Callable<Integer> {
  /** The exit code of a start refused over the master key (sysexits' EX_CONFIG). */
  static final int KEY_MISMATCH_EXIT = 78;

  @Spec CommandSpec spec;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "8470",
      description = "Port to listen on; 0 takes any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Mixin DatabaseOptions database;

  @Option(names = "--signup", description = "Open sign-up: POST /account/0/users.")
  boolean signup;

  @Option(
      names = "--public-url",
      description = "The URL users reach this server at (default: the bound address).")
  String publicUrl;

  @Option(
      names = "--read-limit",
      defaultValue = "5000",
      description = "Requests per hour per token (default: ${DEFAULT-VALUE}).")
  long readLimit;

  @Option(
      names = "--write-limit",
      defaultValue = "20",
      description = "Writes per minute per token (default: ${DEFAULT-VALUE}).")
  long writeLimit;

  @Option(
      names = "--anon-limit",
      defaultValue = "50",
      description = "Unauthenticated requests per minute per address (default: ${DEFAULT-VALUE}).")
  long anonLimit;

  @Option(
      names = "--db-timeout",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description =
          "The longest a request waits for the database before it is answered 503 (default: ${DEFAULT-VALUE}).")
  double dbTimeoutSeconds;

  @Option(
      names = "--trust-proxy",
      split = ",",
      paramLabel = "CIDR",
      arity = "1..*",
      description =
          "Reverse proxies (addresses or CIDR ranges, e.g. 127.0.0.1 or 10.0.0.0/8) whose X-Forwarded-For"
              + " or Forwarded header gives the client's address; from any other address those headers are ignored.")
  List<String> trustProxy = new ArrayList<>();

  @Option(
      names = "--replace-master-key",
      description =
          "Start although the database was used with another master key, which is lost: take this one."
              + " Every app's client secret must then be rotated.")
  boolean replaceMasterKey;

  ServerConfig config() throws IOException {
    if (!(dbTimeoutSeconds >= 0.25 && dbTimeoutSeconds <= 600)) {
      throw new ParameterException(spec.commandLine(), "--db-timeout must be 0.25 to 600 seconds");
    }
    return new ServerConfig(
            bind,
            port,
            database.dataDir(),
            database.dbUrl,
            database.dbUser,
            database.dbPassword(),
            signup,
            publicUrl,
            readLimit,
            writeLimit,
            anonLimit,
            false)
        .withDbTimeout(Duration.ofMillis(Math.round(dbTimeoutSeconds * 1000)))
        .withTrustedProxies(trustProxy)
        .withReplaceMasterKey(replaceMasterKey);
  }

  @Override
  public Integer call() throws Exception {
    KeyportServer server;
    try {
      server = KeyportServer.start(config());
    } catch (MasterKeyCheck.KeyMismatch e) {
      System.err.println("Keyport server not started: " + e.getMessage());
      return KEY_MISMATCH_EXIT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl+C: drain in-flight requests and close the database cleanly.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "Keyport server stopping: finishing the requests in flight, then closing the database");
                  try {
                    server.close();
                    System.out.println("Keyport server stopped");
                  } finally {
                    stopped.countDown();
                  }
                },
                "keyport-shutdown"));
    System.out.println("Keyport server listening on " + server.baseUrl());
    stopped.await();
    return 0;
  }
}
