package io.keyport.server;

import io.keyport.api.Secret;
import java.nio.file.Path;

/**
 * How a server runs. {@code port} 0 takes any free port; {@code dbUrl} null keeps an H2 database in
 * {@code dataDir}. Limits are requests per hour per token, writes per minute per token, and
 * unauthenticated requests per minute per address. {@code embedded}: the desktop's own server, in the
 * desktop's process for one user, which keeps its caches small (its memory is the desktop's).
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
    boolean embedded) {

  public static final int DEFAULT_PORT = 8470;

  /** A loopback server keeping H2 in {@code dataDir}, with App.net's default limits. */
  public static ServerConfig embedded(Path dataDir, int port) {
    return new ServerConfig("127.0.0.1", port, dataDir, null, null, null, false, null, 5000, 20, 50, true);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(bind, newPort, dataDir, dbUrl, dbUser, dbPassword, signup, publicUrl,
        readLimit, writeLimit, anonLimit, embedded);
  }

  public ServerConfig withSignup(boolean open) {
    return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, open, publicUrl,
        readLimit, writeLimit, anonLimit, embedded);
  }

  public ServerConfig withDatabase(String url, String user, Secret password) {
    return new ServerConfig(bind, port, dataDir, url, user, password, signup, publicUrl,
        readLimit, writeLimit, anonLimit, embedded);
  }

  public ServerConfig withLimits(long read, long write, long anon) {
    return new ServerConfig(bind, port, dataDir, dbUrl, dbUser, dbPassword, signup, publicUrl,
        read, write, anon, embedded);
  }

  public boolean usesPostgres() {
    return dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
  }
}
