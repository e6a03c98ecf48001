package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.assertError;
import static io.keyport.server.http.Fixtures.assertOAuthError;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.core.TokenCache;
import io.keyport.testing.Http;
import io.keyport.testing.LogCapture;
import io.keyport.testing.TcpProxy;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import io.keyport.testing.WebClient.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two servers on one PostgreSQL as a team runs them, with a TCP proxy between the second ("cut")
 * and the database that drops its LISTEN connection silently or stalls everything: what is revoked,
 * rotated, deleted, signed out or posted through the first is honoured by the cut-off one within
 * {@link TokenCache#MAX_AGE}, the log says the listener was lost and came back, and while the
 * database does not answer the cut server answers 503 with Retry-After within its database timeout,
 * readiness included.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TeamServerTest {
  private static final Duration DB_TIMEOUT = Duration.ofSeconds(1);
  private static TcpProxy proxy;
  private static KeyportServer direct;
  private static KeyportServer cut;
  private static String database;

  @BeforeAll
  static void start() {
    ServerConfig config =
        TestServers.POSTGRES
            .config()
            .withSignup(true)
            .withLimits(1_000_000, 1_000_000, 1_000_000)
            .withDbTimeout(DB_TIMEOUT);
    int port = TestServers.postgres().getPort();
    database =
        config.dbUrl().substring(config.dbUrl().lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    proxy = TcpProxy.to("localhost", port);
    direct = KeyportServer.start(config);
    // The same data folder: the same master key, as every instance on one database needs.
    cut =
        KeyportServer.start(
            config
                .withPort(0)
                .withDatabase(
                    config.dbUrl().replace(":" + port + "/", ":" + proxy.port() + "/"),
                    config.dbUser(),
                    null));
    awaitReady(cut);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {cut, direct, proxy}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing anyway
      }
    }
  }

  @Test
  @Order(1)
  void
      whatChangesThroughOneServerReachesTheOtherWithinTheBoundThoughItsListenerWasDroppedSilently() {
    Http a = Http.to(direct.baseUrl());
    Http b = Http.to(cut.baseUrl());
    String[] revoked = TokenCacheTest.appWithToken(a);
    String[] rotated = TokenCacheTest.client(a);
    String[] deleted = TokenCacheTest.appWithToken(a);
    String[] web = ReadCacheTest.world(a);
    WebClient browser = new WebClient(direct.baseUrl());
    Page consent = ReadCacheTest.signedIn(browser, web[0], web[2]);
    WebClient there = new WebClient(cut.baseUrl());
    there.setCookie("keyport_session", browser.cookie("keyport_session"));
    String consentUrl = ReadCacheTest.url("authorize", web[2]);
    String[] channel = MessagePagesTest.channel(a);
    MessagePagesTest.post(a, channel, "first");
    // The cut server remembers all five.
    for (int i = 0; i < 2; i++) {
      assertThat(MessagePagesTest.texts(b, channel)).containsExactly("first");
      assertThat(b.bearer(revoked[2]).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(TokenCacheTest.grant(b, rotated[2], rotated[3]).status()).isEqualTo(200);
      assertThat(b.bearer(deleted[2]).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(there.get(consentUrl).hasForm("/oauth/consent")).isTrue();
    }
    try (LogCapture log = LogCapture.start()) {
      listenerLink().dropSilently();

      long writtenAt = System.nanoTime();
      assertThat(a.bearer(revoked[2]).delete("/stream/0/token").status()).isEqualTo(200);
      assertThat(
              a.bearer(rotated[0])
                  .postJson("/account/0/apps/" + rotated[1] + "/secret/rotate", "{}")
                  .status())
          .isEqualTo(200);
      assertThat(a.bearer(deleted[0]).delete("/account/0/apps/" + deleted[1]).status())
          .isEqualTo(200);
      assertThat(browser.submit(consent, "/oauth/sign-out", Map.of()).status()).isEqualTo(200);
      MessagePagesTest.post(a, channel, "second");

      List<String> late = new ArrayList<>();
      long bound = writtenAt + TokenCache.MAX_AGE.toNanos();
      if (!until(bound, () -> b.bearer(revoked[2]).get("/stream/0/token").status() == 401)) {
        late.add("revoked token");
      }
      if (!until(bound, () -> TokenCacheTest.grant(b, rotated[2], rotated[3]).status() == 401)) {
        late.add("rotated secret");
      }
      if (!until(bound, () -> b.bearer(deleted[2]).get("/stream/0/token").status() == 401)) {
        late.add("deleted app's token");
      }
      if (!until(bound, () -> there.get(consentUrl).hasForm("/oauth/sign-in"))) {
        late.add("signed-out session");
      }
      if (!until(bound, () -> MessagePagesTest.texts(b, channel).contains("second"))) {
        late.add("new message");
      }
      assertThat(late).as("honoured by the cut server within " + TokenCache.MAX_AGE).isEmpty();
      assertError(b.bearer(revoked[2]).get("/stream/0/token"), 401, "not-authorized");
      assertOAuthError(TokenCacheTest.grant(b, rotated[2], rotated[3]), 401, "invalid_client");

      log.awaitLine(
          l -> l.startsWith("WARN") && l.contains("Lost the PostgreSQL LISTEN connection"));
      log.awaitLine(l -> l.startsWith("INFO") && l.contains("LISTEN connection is back"));
    }
    awaitReady(cut);
    // Listening again: a revocation reaches it as fast as ever.
    String token = TokenCacheTest.appWithToken(a)[2];
    assertThat(b.bearer(token).get("/stream/0/token").status()).isEqualTo(200);
    assertThat(a.bearer(token).delete("/stream/0/token").status()).isEqualTo(200);
    assertThat(
            until(
                System.nanoTime() + Duration.ofSeconds(1).toNanos(),
                () -> b.bearer(token).get("/stream/0/token").status() == 401))
        .isTrue();
  }

  @Test
  @Order(2)
  void whileTheDatabaseStallsTheCutServerAnswers503WithRetryAfterInTimeAndIsNotReady() {
    Http a = Http.to(direct.baseUrl());
    Http b = Http.to(cut.baseUrl());
    String[] made = TokenCacheTest.appWithToken(a);
    String[] client = TokenCacheTest.client(a);
    assertThat(b.bearer(made[2]).get("/stream/0/token").status()).isEqualTo(200);
    try (LogCapture log = LogCapture.start()) {
      proxy.stall();
      try {
        assertThat(
                until(
                    System.nanoTime() + Duration.ofSeconds(15).toNanos(),
                    () -> b.get("/health/ready").status() == 503))
            .as("not ready while the database stalls")
            .isTrue();
        Http.Response notReady = b.get("/health/ready");
        assertError(notReady, 503, "unavailable");
        assertThat(notReady.header("Retry-After")).isNotBlank();
        assertThat(b.get("/health").status()).as("still alive").isEqualTo(200);

        Http.Response api = inTime(() -> b.bearer(made[2]).get("/stream/0/token"));
        assertError(api, 503, "unavailable");
        assertThat(Long.parseLong(api.header("Retry-After"))).isPositive();

        Http.Response oauth = inTime(() -> TokenCacheTest.grant(b, client[2], client[3]));
        assertOAuthError(oauth, 503, "temporarily_unavailable");
        assertThat(Long.parseLong(oauth.header("Retry-After"))).isPositive();
        assertThat(oauth.json().has("meta")).as("RFC 6749's shape, not the envelope").isFalse();
      } finally {
        proxy.resume();
      }
      awaitReady(cut);
      assertThat(b.bearer(made[2]).get("/stream/0/token").status()).isEqualTo(200);
      assertThat(TokenCacheTest.grant(b, client[2], client[3]).status()).isEqualTo(200);
      log.awaitLine(l -> l.contains("Lost the PostgreSQL LISTEN connection"));
      log.awaitLine(l -> l.contains("LISTEN connection is back"));
    }
  }

  @Test
  @Order(3)
  void whenTheDatabaseRefusesConnectionsTheCutServerAnswers503AndRecovers() {
    Http a = Http.to(direct.baseUrl());
    Http b = Http.to(cut.baseUrl());
    String[] made = TokenCacheTest.appWithToken(a);
    proxy.refuse();
    try {
      assertThat(
              until(
                  System.nanoTime() + Duration.ofSeconds(15).toNanos(),
                  () -> b.get("/health/ready").status() == 503))
          .isTrue();
      Http.Response api = inTime(() -> b.bearer(made[2]).get("/stream/0/token"));
      assertError(api, 503, "unavailable");
      assertThat(api.header("Retry-After")).isNotBlank();
    } finally {
      proxy.resume();
    }
    awaitReady(cut);
    assertThat(b.bearer(made[2]).get("/stream/0/token").status()).isEqualTo(200);
  }

  /**
   * The answer of {@code call}, which must come within the bounded wait: the database timeout, once
   * more for a connection that dies under the request, and some slack for a busy machine.
   */
  private static Http.Response inTime(Supplier<Http.Response> call) {
    long started = System.nanoTime();
    Http.Response response = call.get();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("answered within the bounded wait")
        .isLessThan(DB_TIMEOUT.multipliedBy(2).plusSeconds(2));
    return response;
  }

  /** The cut server's LISTEN connection, found by the port PostgreSQL sees it come from. */
  private static TcpProxy.Link listenerLink() {
    List<Integer> ports = new ArrayList<>();
    try (Connection c = TestServers.postgres().getPostgresDatabase().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select client_port from pg_stat_activity"
                    + " where application_name = 'keyport-listener' and datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ports.add(rs.getInt(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return proxy.links().stream()
        .filter(l -> ports.contains(l.upstreamPort()))
        .reduce((x, y) -> y)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no listener connection through the proxy; listeners at " + ports));
  }

  private static void awaitReady(KeyportServer server) {
    Http http = Http.to(server.baseUrl());
    assertThat(
            until(
                System.nanoTime() + Duration.ofSeconds(20).toNanos(),
                () -> http.get("/health/ready").status() == 200))
        .as("ready")
        .isTrue();
  }

  /**
   * Whether {@code condition} held before {@code deadline} (System.nanoTime), checked again and
   * again.
   */
  private static boolean until(long deadline, BooleanSupplier condition) {
    do {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - deadline < 0);
    return false;
  }
}
