package io.keyport.server;

import io.keyport.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a server runs. {@code port} 0 takes any free port; {@code dbUrl} null keeps an H2 database in
 * {@code dataDir}. Limits are requests per hour per token, writes per minute per token, and
 * unauthenticated requests per minute per address. {@code embedded}: the desktop's own server, in
 * the desktop's process for one user, which keeps its caches small (its memory is the desktop's).
 * {@code dbTimeout}: the longest a request waits for the database before it is answered 503 {@code
 * unavailable}. {@code trustedProxies}: the addresses (CIDR) of reverse proxies whose {@code
 * X-Forwarded-For} / {@code Forwarded} give the client's address. {@code replaceMasterKey}: take
 * this server's master key although the database was used with another one (the old key is lost;
 * every client secret must then be rotated).
 */
public record ServerConfig(
    String bind,
    int port,
    Path dataDir,
    String dbUrl,
    String dbUser,
    Secret dbPassword,
    boolean signup,
    String publicUrl,
    long readLimit,
    long writeLimit,
    long anonLimit,
    boolean embedded,
    Duration dbTimeout,
    List<String> trustedProxies,
    boolean replaceMasterKey) {

  public static final int DEFAULT_PORT = 8470;
  public static final Duration DEFAULT_DB_TIMEOUT = Duration.ofSeconds(5);

  public ServerConfig {
    dbTimeout = dbTimeout == null ? DEFAULT_DB_TIMEOUT : dbTimeout;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }

  /** With the default database timeout, no trusted proxy, and the master key checked. */
  public ServerConfig(
      String bind,
      int port,
      Path dataDir,
      String dbUrl,
      String dbUser,
      Secret dbPassword,
      boolean signup,
      String publicUrl,
      long readLimit,
      long writeLimit,
      long anonLimit,
      boolean embedded) {
    this(
        bind,
        port,
        dataDir,
        dbUrl,
        dbUser,
        dbPassword,
        signup,
        publicUrl,
        readLimit,
        writeLimit,
        anonLimit,
        embedded,
        DEFAULT_DB_TIMEOUT,
        List.of(),
        false);
  }

  /** A loopback server keeping H2 in {@code dataDir}, with App.net's default limits. */
  public static ServerConfig embedded(Path dataDir, int port) {
    return new ServerConfig(
        "127.0.0.1", port, dataDir, null, null, null, false, null, 5000, 20, 50, true);
  }

  public ServerConfig withPort(int newPort) {
    return with(c -> c.port = newPort);
  }

  public ServerConfig withSignup(boolean open) {
    return with(c -> c.signup = open);
  }

  public ServerConfig withDatabase(String url, String user, Secret password) {
    return with(
        c -> {
          c.dbUrl = url;
          c.dbUser = user;
          c.dbPassword = password;
        });
  }

  public ServerConfig withLimits(long read, long write, long anon) {
    return with(
        c -> {
          c.readLimit = read;
          c.writeLimit = write;
          c.anonLimit = anon;
        });
  }

  public ServerConfig withDbTimeout(Duration timeout) {
    return with(c -> c.dbTimeout = timeout);
  }

  public ServerConfig withTrustedProxies(List<String> cidrs) {
    return with(c -> c.trustedProxies = cidrs);
  }

  public ServerConfig withReplaceMasterKey(boolean replace) {
    return with(c -> c.replaceMasterKey = replace);
  }

  /** This config with what {@code change} sets on its copy: the one path every with… takes. */
  private ServerConfig with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A config's components, settable one by one. */
  private static final class Copy {
    String bind;
    int port;
    Path dataDir;
    String dbUrl;
    String dbUser;
    Secret dbPassword;
    boolean signup;
    String publicUrl;
    long readLimit;
    long writeLimit;
    long anonLimit;
    boolean embedded;
    Duration dbTimeout;
    List<String> trustedProxies;
    boolean replaceMasterKey;

    Copy(ServerConfig of) {
      bind = of.bind;
      port = of.port;
      dataDir = of.dataDir;
      dbUrl = of.dbUrl;
      dbUser = of.dbUser;
      dbPassword = of.dbPassword;
      signup = of.signup;
      publicUrl = of.publicUrl;
      readLimit = of.readLimit;
      writeLimit = of.writeLimit;
      anonLimit = of.anonLimit;
      embedded = of.embedded;
      dbTimeout = of.dbTimeout;
      trustedProxies = of.trustedProxies;
      replaceMasterKey = of.replaceMasterKey;
    }

    ServerConfig build() {
      return new ServerConfig(
          bind,
          port,
          dataDir,
          dbUrl,
          dbUser,
          dbPassword,
          signup,
          publicUrl,
          readLimit,
          writeLimit,
          anonLimit,
          embedded,
          dbTimeout,
          trustedProxies,
          replaceMasterKey);
    }
  }

  public boolean usesPostgres() {
    return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
  }
}
