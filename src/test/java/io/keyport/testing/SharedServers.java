package io.keyport.testing;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;

/**
 * A server on H2 and two on one PostgreSQL, as the tests of what servers remember between requests
 * use them: what one PostgreSQL server writes, the other must honour. Signup on, limits out of the
 * way. One set per test class.
 */
public final class SharedServers implements AutoCloseable {
  private final KeyportServer h2;
  private final ServerConfig pgConfig;
  private final KeyportServer pg;
  private final KeyportServer pgOther;

  private SharedServers(
      KeyportServer h2, ServerConfig pgConfig, KeyportServer pg, KeyportServer pgOther) {
    this.h2 = h2;
    this.pgConfig = pgConfig;
    this.pg = pg;
    this.pgOther = pgOther;
  }

  public static SharedServers start() {
    KeyportServer h2 =
        TestServers.H2.start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
    ServerConfig pgConfig =
        TestServers.POSTGRES.config().withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000);
    KeyportServer pg = KeyportServer.start(pgConfig);
    KeyportServer pgOther = KeyportServer.start(pgConfig.withPort(0));
    return new SharedServers(h2, pgConfig, pg, pgOther);
  }

  public KeyportServer h2() {
    return h2;
  }

  /** The first PostgreSQL server. */
  public KeyportServer pg() {
    return pg;
  }

  /** The second server on the same PostgreSQL database. */
  public KeyportServer pgOther() {
    return pgOther;
  }

  /** The PostgreSQL servers' config (its database URL and user, for writes behind their backs). */
  public ServerConfig pgConfig() {
    return pgConfig;
  }

  /** The H2 server, or the first PostgreSQL one. */
  public KeyportServer server(TestServers kind) {
    return kind == TestServers.H2 ? h2 : pg;
  }

  @Override
  public void close() {
    for (KeyportServer s : new KeyportServer[] {h2, pgOther, pg}) {
      s.close();
    }
  }
}
