package io.keyport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak beside Keyport, under the same wrk load, interleaved: its distribution from Maven
 * Central (the bench profile copies the zip), started in dev mode on loopback with a JDK 21+, a
 * confidential client made with its admin CLI; then client-credentials grants and RFC 7662
 * introspection on both servers, round after round, so both see the same machine; a first round
 * warms both up and is not counted.
 */
final class AnchorBench {
  private static final Pattern LISTENING = Pattern.compile("Listening on: (http://\\S+)");
  private static final Pattern VERSION = Pattern.compile("Keycloak (\\S+) on JVM");
  private static final String REALM = "bench";
  private static final String CLIENT_ID = "bench-client";

  private final Bench bench;

  AnchorBench(Bench bench) {
    this.bench = bench;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    Path java = keycloakJava();
    out.put("keycloak_java", javaVersion(java));
    Path home = unpack(Path.of(System.getProperty("bench.keycloak.zip", "")));
    ServerBench keyport = new ServerBench(bench);
    Map<String, Object> keyportSetup = new LinkedHashMap<>();
    try (ServerBench.Running ours = keyport.start("h2", keyportSetup);
        Procs.Child keycloak = startKeycloak(home, java, out)) {
      out.put("keyport", keyportSetup.get("database"));
      out.put("keyport_java", System.getProperty("java.runtime.version"));
      URI theirs = URI.create(out.get("keycloak_url").toString());
      Map<String, String> env = new LinkedHashMap<>(ours.env());
      env.putAll(keycloakClient(home, java, theirs, out));
      keyport.settleOn(List.of(ours.process().pid(), keycloak.process.pid()));
      int rounds = bench.quick ? 1 : 2;
      List<Map<String, Object>> all = new ArrayList<>();
      // Round 0 is thrown away: Keycloak's JIT needs far longer than wrk's warm-up to settle.
      for (int round = 0; round <= rounds; round++) {
        bench.log("anchor round " + round + " of " + rounds + (round == 0 ? " (warm-up)" : ""));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(
            "keyport_cc",
            keyport.wrk(
                ours.base(),
                "Keyport: POST /oauth/access_token client_credentials",
                "/oauth/access_token",
                ServerBench.Lua.POST_CC,
                env,
                100));
        r.put(
            "keycloak_cc",
            keyport.wrk(
                keycloak.process.pid(),
                theirs,
                "Keycloak: POST …/protocol/openid-connect/token client_credentials",
                "/realms/" + REALM + "/protocol/openid-connect/token",
                KEYCLOAK_CC,
                env,
                100));
        r.put(
            "keyport_token",
            keyport.wrk(
                ours.base(),
                "Keyport: GET /stream/0/token",
                "/stream/0/token",
                ServerBench.Lua.GET_AUTH,
                env,
                100));
        r.put(
            "keyport_introspect",
            keyport.wrk(
                ours.base(),
                "Keyport: POST /oauth/introspect (RFC 7662)",
                "/oauth/introspect",
                ServerBench.Lua.POST_INTROSPECT,
                env,
                100));
        r.put(
            "keycloak_introspect",
            keyport.wrk(
                keycloak.process.pid(),
                theirs,
                "Keycloak: POST …/token/introspect (RFC 7662)",
                "/realms/" + REALM + "/protocol/openid-connect/token/introspect",
                KEYCLOAK_INTROSPECT,
                env,
                100));
        if (round > 0) {
          all.add(r);
        }
      }
      out.put("rounds", all);
      out.put("keycloak_rss_mb", ServerBench.rssMb(keycloak.process.pid()));
    }
    return out;
  }

  /**
   * A JDK 21 or newer for Keycloak: -Dbench.keycloak.java, else the newest under the folder that
   * holds the running JDK (on Debian /usr/lib/jvm), else this JVM if it is new enough.
   */
  private static Path keycloakJava() throws IOException {
    String chosen = System.getProperty("bench.keycloak.java", "");
    if (!chosen.isBlank()) {
      return Path.of(chosen);
    }
    Path running = Path.of(System.getProperty("java.home"));
    List<Path> candidates = new ArrayList<>();
    Path parent = running.getParent();
    if (parent != null && Files.isDirectory(parent)) {
      try (Stream<Path> s = Files.list(parent)) {
        s.filter(p -> Files.isRegularFile(p.resolve("bin/java"))).forEach(candidates::add);
      }
    }
    candidates.add(running);
    Optional<Path> best =
        candidates.stream()
            .filter(p -> feature(p) >= 21)
            .max((a, b) -> Integer.compare(feature(a), feature(b)));
    return best.orElseThrow(
        () ->
            new IllegalStateException(
                "Keycloak needs a JDK 21 or newer; none found beside "
                    + running
                    + " (name one with -Dbench.keycloak.java=/path/to/jdk)"));
  }

  /** The feature release of the JDK at {@code home}, from its release file; 0 if unknown. */
  private static int feature(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring(line.indexOf('"') + 1).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a JDK we can read
    }
    return 0;
  }

  private static String javaVersion(Path home) {
    return home + " (Java " + feature(home) + ")";
  }

  /** The distribution unpacked once under target/bench/keycloak. */
  private Path unpack(Path zip) throws IOException {
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException(
          "no Keycloak distribution at '"
              + zip
              + "': run the anchor through `mvn -Pbench verify`, which copies it from Maven Central");
    }
    Path target = bench.dir.resolve("keycloak");
    try (ZipFile z = new ZipFile(zip.toFile())) {
      String top = z.stream().findFirst().map(e -> e.getName().split("/")[0]).orElseThrow();
      Path home = target.resolve(top);
      if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
        // Unpacked by an earlier run: its dev database holds that run's admin, whose random
        // password this run does not know, so Keycloak starts from an empty one again.
        Bench.deleteTree(home.resolve("data"));
        return home;
      }
      for (ZipEntry e : z.stream().toList()) {
        Path to = target.resolve(e.getName()).normalize();
        if (!to.startsWith(target)) {
          throw new IOException("unsafe entry in " + zip + ": " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(to);
        } else {
          Files.createDirectories(to.getParent());
          try (InputStream in = z.getInputStream(e)) {
            Files.copy(in, to);
          }
        }
      }
      return home;
    }
  }

  private Procs.Child startKeycloak(Path home, Path java, Map<String, Object> out)
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Map<String, String> env = keycloakEnv(java);
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    long t0 = System.nanoTime();
    Procs.Child kc =
        Procs.start(
            List.of(
                "bash",
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + port),
            env,
            bench.dir.resolve("keycloak.log"));
    Procs.Seen up = kc.await(LISTENING, 240_000);
    if (up == null) {
      kc.close();
      throw new IllegalStateException(
          "Keycloak did not start within 240 s; see " + bench.dir.resolve("keycloak.log"));
    }
    out.put("keycloak_start_s", Stats.round((up.arrivedNanos() - t0) / 1e9));
    out.put("keycloak_url", up.match().group(1));
    kc.output().stream()
        .map(VERSION::matcher)
        .filter(Matcher::find)
        .findFirst()
        .ifPresent(m -> out.put("keycloak_version", m.group(1)));
    out.put("keycloak_mode", "start-dev (dev-file H2, default caches), loopback");
    bench.log("Keycloak " + out.get("keycloak_version") + " up at " + out.get("keycloak_url"));
    return kc;
  }

  private final String adminPassword = randomHex(16);

  /**
   * A realm with hour-long tokens and a confidential client with service accounts, made with
   * kcadm.sh; the client's secret and a token of its go to wrk's environment.
   */
  private Map<String, String> keycloakClient(
      Path home, Path java, URI server, Map<String, Object> out) throws Exception {
    Path config = bench.freshDir("kcadm-").resolve("kcadm.config");
    String kcadm = home.resolve("bin/kcadm.sh").toString();
    Map<String, String> env = keycloakEnv(java);
    String secret = randomHex(24);
    Procs.run(
        List.of(
            "bash",
            kcadm,
            "config",
            "credentials",
            "--config",
            config.toString(),
            "--server",
            server.toString(),
            "--realm",
            "master",
            "--user",
            "admin",
            "--password",
            adminPassword),
        env,
        120_000);
    Procs.run(
        List.of(
            "bash",
            kcadm,
            "create",
            "realms",
            "--config",
            config.toString(),
            "-s",
            "realm=" + REALM,
            "-s",
            "enabled=true",
            "-s",
            "accessTokenLifespan=3600"),
        env,
        120_000);
    Procs.run(
        List.of(
            "bash",
            kcadm,
            "create",
            "clients",
            "-r",
            REALM,
            "--config",
            config.toString(),
            "-s",
            "clientId=" + CLIENT_ID,
            "-s",
            "secret=" + secret,
            "-s",
            "publicClient=false",
            "-s",
            "serviceAccountsEnabled=true",
            "-s",
            "standardFlowEnabled=false",
            "-s",
            "directAccessGrantsEnabled=false"),
        env,
        120_000);
    out.put(
        "keycloak_client",
        "confidential, service accounts, client_secret_basic; realm access tokens 1 h");
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
    JsonNode token =
        new Api(server)
            .postForm(
                "/realms/" + REALM + "/protocol/openid-connect/token",
                basic,
                Map.of("grant_type", "client_credentials"));
    String accessToken = token.path("access_token").asText();
    if (accessToken.isEmpty()) {
      throw new IllegalStateException("Keycloak gave no token to the bench client");
    }
    out.put("keycloak_token_chars", accessToken.length());
    Map<String, String> wrkEnv = new LinkedHashMap<>();
    wrkEnv.put("KEYCLOAK_BENCH_BASIC", basic);
    wrkEnv.put("KEYCLOAK_BENCH_INTROSPECT_BODY", Api.form(Map.of("token", accessToken)));
    return wrkEnv;
  }

  private static Map<String, String> keycloakEnv(Path java) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_HOME", java.toString());
    env.put("PATH", java.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin"));
    return env;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static final String KEYCLOAK_CC =
      "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
          + "wrk.headers[\"Authorization\"] = os.getenv(\"KEYCLOAK_BENCH_BASIC\")\n"
          + "wrk.body = \"grant_type=client_credentials\"\n";
  private static final String KEYCLOAK_INTROSPECT =
      "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
          + "wrk.headers[\"Authorization\"] = os.getenv(\"KEYCLOAK_BENCH_BASIC\")\n"
          + "wrk.body = os.getenv(\"KEYCLOAK_BENCH_INTROSPECT_BODY\")\n";
}
