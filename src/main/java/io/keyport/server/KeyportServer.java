package io.keyport.server;

import io.javalin.Javalin;
import io.keyport.api.Secret;
import io.keyport.api.User;
import io.keyport.api.Version;
import io.keyport.server.core.Account;
import io.keyport.server.core.Accounts;
import io.keyport.server.core.Apps;
import io.keyport.server.core.Availability;
import io.keyport.server.core.BucketSignInThrottle;
import io.keyport.server.core.Channels;
import io.keyport.server.core.LastUsed;
import io.keyport.server.core.MasterKeyCheck;
import io.keyport.server.core.Posts;
import io.keyport.server.core.RateBuckets;
import io.keyport.server.core.SignInThrottle;
import io.keyport.server.core.TokenCache;
import io.keyport.server.core.Tokens;
import io.keyport.server.core.WebSignIn;
import io.keyport.server.crypto.MasterKey;
import io.keyport.server.crypto.Passwords;
import io.keyport.server.crypto.SecretBox;
import io.keyport.server.crypto.SecretMac;
import io.keyport.server.http.ClientAddress;
import io.keyport.server.http.HttpApi;
import io.keyport.server.store.AccountStore;
import io.keyport.server.store.AppStore;
import io.keyport.server.store.AuditStore;
import io.keyport.server.store.ChannelStore;
import io.keyport.server.store.CodeStore;
import io.keyport.server.store.ConsentStore;
import io.keyport.server.store.Database;
import io.keyport.server.store.Jdbc;
import io.keyport.server.store.PostStore;
import io.keyport.server.store.RateBucketTable;
import io.keyport.server.store.SessionStore;
import io.keyport.server.store.SettingsStore;
import io.keyport.server.store.TokenStore;
import io.keyport.server.store.UsageStore;
import io.keyport.server.web.WebPages;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account server: one class for the embedded server (loopback, H2 in the user's data folder)
 * and the standalone team server (PostgreSQL).
 */
public final class KeyportServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyportServer.class);

  /** A system property only the benchmark sets: true turns last-used recording off (issue 17). */
  public static final String NO_LAST_USED_PROPERTY = "keyport.bench.noLastUsed";

  private final Database database;
  private final Javalin http;
  private final Accounts accounts;
  private final Tokens tokens;
  private final AuditStore audit;
  private final LastUsed lastUsed;
  private final URI baseUrl;

  private KeyportServer(
      Database database,
      Javalin http,
      Accounts accounts,
      Tokens tokens,
      LastUsed lastUsed,
      URI baseUrl) {
    this.audit = new AuditStore(database.jdbc());
    this.database = database;
    this.http = http;
    this.accounts = accounts;
    this.tokens = tokens;
    this.lastUsed = lastUsed;
    this.baseUrl = baseUrl;
  }

  /** Opens the database (migrating it) and starts taking requests. */
  public static KeyportServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * As {@link #start(ServerConfig)}, telling time by {@code clock} (tests let time pass with it):
   * token expiry, rate limits and sign-in throttling all go by it.
   */
  public static KeyportServer start(ServerConfig config, Clock clock) {
    if (config.dataDir() != null) {
      DataFolder.check(config.dataDir());
    }
    MasterKey masterKey = MasterKey.load(System.getenv(MasterKey.ENV), config.dataDir());
    Database database = Database.open(config);
    try {
      MasterKeyCheck.check(
          masterKey,
          new SettingsStore(database.jdbc()),
          database.isPostgres(),
          config.replaceMasterKey());
      // On PostgreSQL the limits are shared by every server instance on the database.
      RateBuckets buckets =
          database.isPostgres()
              ? RateBuckets.shared(
                  time -> RateBucketTable.proxies(database.dataSource(), time), clock)
              : RateBuckets.inProcess(clock);
      // API.md: 429 after 10 failed sign-ins in 5 minutes, per username and per address.
      SignInThrottle throttle = new BucketSignInThrottle(buckets);
      // Lookups of bearer tokens remembered between requests, forgotten on every write
      // (TokenCache);
      // on PostgreSQL also on the other servers' writes, heard through LISTEN/NOTIFY.
      TokenCache tokenCache =
          database.isPostgres() ? TokenCache.shared(database.writeNotices()) : TokenCache.local();
      database.closing(tokenCache);
      Jdbc jdbc = database.jdbc(tokenCache::forget);
      // With port 0 the address is known only once bound, and the public URL defaults to it.
      AtomicReference<String> publicUrl = new AtomicReference<>(config.publicUrl());
      // Times are kept and shown to the second, as API.md's examples (2026-11-28T17:33:50Z).
      Clock seconds = Clock.tick(clock, Duration.ofSeconds(1));
      Accounts accounts =
          new Accounts(
              new AccountStore(jdbc),
              new Passwords(),
              throttle,
              seconds,
              publicUrl::get,
              tokenCache);
      // When tokens and secrets were last used: noted per request, written in batches, the rest at
      // close.
      // The benchmark alone switches it off (-Dkeyport.bench.noLastUsed=true) to measure its cost.
      LastUsed lastUsed =
          Boolean.getBoolean(NO_LAST_USED_PROPERTY)
              ? LastUsed.notRecording(new UsageStore(jdbc), clock)
              : LastUsed.writingTo(new UsageStore(jdbc), clock);
      database.closing(lastUsed);
      Apps apps =
          new Apps(
              new AppStore(jdbc),
              new AuditStore(jdbc),
              new SecretMac(masterKey),
              new SecretBox(masterKey),
              seconds,
              tokenCache,
              lastUsed);
      Tokens tokens =
          new Tokens(new TokenStore(jdbc), accounts, apps, seconds, tokenCache, lastUsed);
      WebSignIn web =
          new WebSignIn(
              accounts,
              apps,
              tokens,
              new SessionStore(jdbc),
              new CodeStore(jdbc),
              new ConsentStore(jdbc),
              seconds,
              tokenCache);
      Posts posts = new Posts(new PostStore(jdbc), accounts, apps, seconds);
      Channels channels = new Channels(new ChannelStore(jdbc), accounts, apps, seconds, tokenCache);
      Javalin javalin =
          new HttpApi(accounts, apps, tokens, web, config.signup(), Version.current())
              .withResources(posts, channels)
              .limitedBy(buckets, config.readLimit(), config.writeLimit(), config.anonLimit())
              .trustingProxies(config.trustedProxies())
              .reportingReadiness(new Availability(database, tokenCache))
              .create(config.bind());
      new WebPages(web, accounts, ClientAddress::of).register(javalin);
      javalin.start(config.bind(), config.port());
      URI base = URI.create("http://" + hostForUrl(config.bind()) + ":" + javalin.port());
      publicUrl.compareAndSet(null, base.toString());
      LOG.info(
          "Keyport server {} listening on {} ({})",
          Version.current(),
          base,
          database.isPostgres() ? "PostgreSQL" : "H2 in " + config.dataDir());
      return new KeyportServer(database, javalin, accounts, tokens, lastUsed, base);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * {@code keyport server add-user}: a new account with a password, in the database the server with
   * {@code config} uses, without starting the server.
   */
  public static User addUser(ServerConfig config, String username, Secret password, String name) {
    try (Database database = Database.open(config)) {
      Jdbc jdbc = database.jdbc();
      String url =
          config.publicUrl() != null
              ? config.publicUrl()
              : "http://" + hostForUrl(config.bind()) + ":" + config.port();
      Accounts accounts =
          new Accounts(
              new AccountStore(jdbc),
              new Passwords(),
              SignInThrottle.NONE,
              Clock.tick(Clock.systemUTC(), Duration.ofSeconds(1)),
              () -> url,
              TokenCache.none());
      return accounts.toUser(accounts.create(username, password, name));
    }
  }

  /**
   * The embedded server: on {@code preferredPort} or the next free port above it, with the local
   * account of the OS user.
   */
  public static KeyportServer startEmbedded(ServerConfig config) {
    int from = config.port();
    for (int attempt = 1; ; attempt++) {
      int port = firstFreePort(config.bind(), from);
      try {
        return start(config.withPort(port));
      } catch (RuntimeException e) {
        // Another process can take the port between the probe and the bind: move on and try again.
        if (port == 0 || attempt == 5 || !(isBindFailure(e) || isTaken(config.bind(), port))) {
          throw e;
        }
        LOG.info("Port {} was taken while starting; trying the next one", port);
        from = port + 1;
      }
    }
  }

  /**
   * True when the failure says the port was in use (Jetty may hide it behind its own stop failure).
   */
  static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (isBindFailure(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when something else holds the port now. */
  static boolean isTaken(String bind, int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(bind))) {
      return false;
    } catch (IOException busy) {
      return true;
    }
  }

  static int firstFreePort(String bind, int preferred) {
    for (int port = preferred; port < preferred + 100 && port <= 65535; port++) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(bind))) {
        probe.setReuseAddress(true);
        return port;
      } catch (IOException busy) {
        // try the next one
      }
    }
    return 0;
  }

  /**
   * Signs the OS user in without a password: a fresh desktop session token of the local account.
   */
  public LocalSession localSession(String osUserName) {
    Account account = accounts.ensureLocal(osUserName);
    return new LocalSession(account.username(), tokens.mintDesktopSession(account));
  }

  /**
   * The audit log of an app's client secret: every reveal, rotation and early retirement, oldest
   * first.
   */
  public List<AuditEntry> auditOf(String appId) {
    return audit.forApp(Long.parseLong(appId)).stream()
        .map(
            r ->
                new AuditEntry(
                    Long.toString(r.accountId()),
                    Long.toString(r.appId()),
                    r.clientId(),
                    r.action(),
                    r.address(),
                    r.at()))
        .toList();
  }

  /** One audit entry: who (account id), which app, what, from which address, when. */
  public record AuditEntry(
      String accountId, String appId, String clientId, String action, String address, Instant at) {}

  /** The local account's username and its desktop session token. */
  public record LocalSession(String username, Secret token) {}

  /**
   * Writes the uses of tokens and client secrets noted since the last write now, rather than at the
   * background writer's next turn; returns how many rows this server has written them to since it
   * started (tests).
   */
  public long flushLastUsed() {
    return lastUsed.flush();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public int port() {
    return http.port();
  }

  /** Stops taking requests, lets those in flight finish, and closes the database. */
  @Override
  public void close() {
    try {
      http.stop();
    } finally {
      database.close();
    }
  }

  private static String hostForUrl(String bind) {
    if (bind == null || bind.equals("0.0.0.0") || bind.equals("::")) {
      return "127.0.0.1";
    }
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }
}
