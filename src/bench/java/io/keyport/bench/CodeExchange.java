package io.keyport.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The authorization-code exchange under load, which wrk cannot drive (each request needs a fresh
 * code): rounds of minting a batch of codes through the consent form (not timed), then exchanging
 * them at {@code POST /oauth/access_token} from {@code connections} keep-alive connections at once
 * (timed), until the timed phases add up to the run's length. The connections (and a thread for
 * each) are opened once for the row and kept across rounds. Codes live 60 s, so a batch is one that
 * is exchanged well within that. The codes stay in this process's memory.
 */
final class CodeExchange {
  /** The PKCE verifier of every code the bench mints (public: it guards nothing here). */
  static final String VERIFIER = "keyport-bench-pkce-verifier-0123456789abcdefghijklmnop";

  /** Its S256 challenge, which the bench's authorization request carries. */
  static final String CHALLENGE = s256(VERIFIER);

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Below this share of the server's CPU spent compiling, the warm-up may end. */
  static final double SETTLED_JIT_PERCENT = 5;

  /** The warm-up's bound, in wrk warm-ups, however busy the JIT still is. */
  static final int MAX_WARMUP_ROWS = 12;

  private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

  private final Bench bench;
  private final URI base;
  private final int connections;
  private final long serverPid;

  CodeExchange(Bench bench, URI base, int connections, long serverPid) {
    this.bench = bench;
    this.base = base;
    this.connections = connections;
    this.serverPid = serverPid;
  }

  /**
   * {@code consentPath}: GET /oauth/authorize?…; {@code cookie}: the signed-in session; {@code
   * clientAuth}: client_id and client_secret, form-encoded.
   */
  Map<String, Object> run(String label, String consentPath, String cookie, String clientAuth)
      throws Exception {
    String query = consentPath.substring(consentPath.indexOf('?') + 1);
    String csrf;
    try (Conn c = new Conn(base)) {
      Conn.Response page = c.send("GET", consentPath, cookie, null, null);
      Matcher m = CSRF.matcher(page.body());
      if (page.status() != 200 || !m.find()) {
        throw new IllegalStateException("no consent page: " + page.status());
      }
      csrf = m.group(1);
    }
    String mintBody = query + "&" + Api.form(Map.of("csrf", csrf, "decision", "allow"));
    String redirect = "";
    for (String pair : query.split("&")) {
      if (pair.startsWith("redirect_uri=")) {
        redirect = pair.substring("redirect_uri=".length());
      }
    }
    String exchangePrefix =
        "grant_type=authorization_code&"
            + clientAuth
            + "&redirect_uri="
            + redirect
            + "&code_verifier="
            + VERIFIER
            + "&code=";
    int batch = Integer.getInteger("bench.codeBatch", 2000);
    String load;
    List<long[]> latencies = new ArrayList<>();
    long timedNanos = 0;
    long errors = 0;
    long requests = 0;
    CpuUse cpu = CpuUse.NONE;
    double warmupSeconds;
    // Minting is set-up: fewer connections.
    try (Connections minting = new Connections(Math.min(connections, 16));
        Connections exchanging = new Connections(connections)) {
      // Warm-up, not counted: at least as many seconds of exchanges as a wrk row gets of its own
      // load before it is measured (its share of the server's warm-up round, then its own
      // warm-up), and then until the server's JIT compilers have settled. The exchange runs more
      // of the server's code than any wrk row (the consent form, the group commit, pgjdbc's
      // batches): on a fresh server its compilers took 35-55% of the server's CPU through the
      // row's first minute (minting included), and 10 s of warm-up measured mostly the compiler.
      long warmNanos = 0;
      double jitPercent = 100;
      while (warmNanos < 2L * bench.wrkWarmupS * 1_000_000_000L
          || (jitPercent > SETTLED_JIT_PERCENT
              && warmNanos < MAX_WARMUP_ROWS * bench.wrkWarmupS * 1_000_000_000L)) {
        Round r = round(minting, exchanging, batch, cookie, mintBody, exchangePrefix, null);
        warmNanos += r.nanos();
        jitPercent = r.cpu().jitPercent();
        bench.log(
            String.format(
                Locale.ROOT,
                "  warm-up round: %.0f exchanges/s, JIT %.0f%% of the server's CPU",
                batch / (r.nanos() / 1e9),
                jitPercent));
      }
      warmupSeconds = warmNanos / 1e9;
      load = Bench.loadAverage();
      while (timedNanos < bench.wrkSeconds * 1_000_000_000L) {
        long[] lat = new long[batch];
        Round r = round(minting, exchanging, batch, cookie, mintBody, exchangePrefix, lat);
        timedNanos += r.nanos();
        errors += r.errors();
        cpu = cpu.plus(r.cpu());
        requests += batch;
        latencies.add(lat);
      }
    }
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", label);
    out.put("connections", connections);
    out.put("threads", connections);
    out.put("seconds", Stats.round(timedNanos / 1e9));
    out.put("requests", requests);
    out.put("requests_per_s", Stats.round(requests / (timedNanos / 1e9)));
    out.put("server_cpu_ms_per_request", Stats.round((double) cpu.serverMs() / requests));
    // In µs too: the ms figure rounds 0.25 and 0.34 alike, and A/B pairs need the difference.
    out.put("server_cpu_us_per_request", Math.round(cpu.serverMs() * 1000.0 / requests));
    if (cpu.postgresMs() > 0) {
      out.put("postgres_cpu_us_per_request", Math.round(cpu.postgresMs() * 1000.0 / requests));
    }
    out.put("driver_cpu_us_per_request", Math.round(cpu.driverMs() * 1000.0 / requests));
    out.put("server_jit_percent", Stats.round(cpu.jitPercent()));
    // Whether the row ran out of cores (then CPU per exchange is what bounds it) or not.
    out.put(
        "machine_busy_percent",
        cpu.allTicks() == 0 ? null : Stats.round(100.0 * cpu.busyTicks() / cpu.allTicks()));
    out.put("p50_ms", Stats.round(all[all.length / 2] / 1e6));
    out.put("p90_ms", Stats.round(all[(int) (all.length * 0.9)] / 1e6));
    out.put("p99_ms", Stats.round(all[(int) (all.length * 0.99)] / 1e6));
    out.put("max_ms", Stats.round(all[all.length - 1] / 1e6));
    out.put("errors", errors);
    out.put("non_2xx", errors);
    out.put(
        "driver",
        "CodeExchange: batches of "
            + batch
            + " codes minted through the consent form (not timed), then exchanged from "
            + connections
            + " keep-alive connections, opened once for the row (timed), after "
            + Stats.round(warmupSeconds)
            + " s of exchanges not counted (at least "
            + 2 * bench.wrkWarmupS
            + " s, then until the server's JIT took under "
            + Math.round(SETTLED_JIT_PERCENT)
            + "% of its CPU in a round, at most "
            + MAX_WARMUP_ROWS * bench.wrkWarmupS
            + " s)");
    out.put("warmup_s", Stats.round(warmupSeconds));
    out.put("load_average_before", load);
    bench.log(
        "  "
            + label
            + ": "
            + out.get("requests_per_s")
            + " req/s, p50 "
            + out.get("p50_ms")
            + " ms, p99 "
            + out.get("p99_ms")
            + " ms, errors "
            + errors
            + ", CPU per exchange: server "
            + out.get("server_cpu_us_per_request")
            + " µs, "
            + (out.containsKey("postgres_cpu_us_per_request")
                ? "PostgreSQL " + out.get("postgres_cpu_us_per_request") + " µs, "
                : "")
            + "driver "
            + out.get("driver_cpu_us_per_request")
            + " µs; machine busy "
            + out.get("machine_busy_percent")
            + "%; JIT "
            + out.get("server_jit_percent")
            + "% of the server's CPU, after "
            + out.get("warmup_s")
            + " s of exchanges warming up");
    return out;
  }

  record Round(long nanos, long errors, CpuUse cpu) {}

  /**
   * CPU time in ms of the server (and of its JIT compiler threads among it), of PostgreSQL's
   * processes and of this process, and the machine's busy and total clock ticks: so far ({@link
   * #now}), or over a span (the difference of two).
   */
  record CpuUse(
      long serverMs,
      long serverJitMs,
      long postgresMs,
      long driverMs,
      long busyTicks,
      long allTicks) {
    static final CpuUse NONE = new CpuUse(0, 0, 0, 0, 0, 0);

    static CpuUse now(long serverPid) {
      long[] ticks = ServerBench.machineTicks();
      return new CpuUse(
          ServerBench.cpuMs(serverPid),
          ServerBench.compilerCpuMs(serverPid),
          ServerBench.postgresCpuMs(),
          ServerBench.processCpuMs(ProcessHandle.current().pid()),
          ticks[0],
          ticks[1]);
    }

    CpuUse plus(CpuUse o) {
      return new CpuUse(
          serverMs + o.serverMs,
          serverJitMs + o.serverJitMs,
          postgresMs + o.postgresMs,
          driverMs + o.driverMs,
          busyTicks + o.busyTicks,
          allTicks + o.allTicks);
    }

    CpuUse minus(CpuUse o) {
      return new CpuUse(
          serverMs - o.serverMs,
          serverJitMs - o.serverJitMs,
          postgresMs - o.postgresMs,
          driverMs - o.driverMs,
          busyTicks - o.busyTicks,
          allTicks - o.allTicks);
    }

    /** The share of the server's CPU its JIT compilers took, in percent. */
    double jitPercent() {
      return serverMs <= 0 ? 0 : 100.0 * serverJitMs / serverMs;
    }
  }

  /** Mints {@code n} codes, then exchanges them; the exchange phase's wall time and failures. */
  private Round round(
      Connections minting,
      Connections exchanging,
      int n,
      String cookie,
      String mintBody,
      String exchangePrefix,
      long[] lat)
      throws Exception {
    ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>();
    AtomicLong mintFailures = new AtomicLong();
    AtomicLong left = new AtomicLong(n);
    // A mint the server answered 503 (busy) is retried.
    minting.parallel(
        c -> {
          while (left.getAndDecrement() > 0) {
            Conn.Response r =
                c.send(
                    "POST",
                    "/oauth/consent",
                    cookie,
                    "application/x-www-form-urlencoded",
                    mintBody);
            Matcher m = CODE.matcher(r.location() == null ? "" : r.location());
            if (r.status() == 303 && m.find()) {
              codes.add(m.group(1));
            } else if (r.status() == 503 && mintFailures.get() < n) {
              left.incrementAndGet();
              mintFailures.incrementAndGet();
            } else if (mintFailures.incrementAndGet() == 1) {
              bench.log("  minting a code failed: " + r.status());
            }
          }
        });
    if (codes.size() < n) {
      throw new IllegalStateException((n - codes.size()) + " of " + n + " codes not minted");
    }
    String[] minted = codes.toArray(String[]::new);
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    if (lat != null) {
      profiler("start,event=cpu,interval=500000");
    }
    // Read before the clock starts and after it stops: looking through every process for
    // PostgreSQL's takes a few ms.
    CpuUse cpu0 = CpuUse.now(serverPid);
    long t0 = System.nanoTime();
    exchanging.parallel(
        c -> {
          int i;
          while ((i = (int) next.getAndIncrement()) < minted.length) {
            long s = System.nanoTime();
            Conn.Response r =
                c.send(
                    "POST",
                    "/oauth/access_token",
                    null,
                    "application/x-www-form-urlencoded",
                    exchangePrefix + minted[i]);
            if (lat != null) {
              lat[i] = System.nanoTime() - s;
            }
            if (r.status() != 200 || !r.body().contains("\"access_token\"")) {
              if (errors.incrementAndGet() == 1) {
                bench.log(
                    "  an exchange failed: "
                        + r.status()
                        + " "
                        + r.body().replaceAll("\"access_token\":\"[^\"]*\"", "…"));
              }
            }
          }
        });
    long nanos = System.nanoTime() - t0;
    CpuUse cpu = CpuUse.now(serverPid).minus(cpu0);
    if (lat != null) {
      profiledRounds++;
      profiler(
          "stop,collapsed,file="
              + bench.dir.resolve(
                  "exchange-" + serverPid + "-round" + profiledRounds + ".collapsed"));
    }
    return new Round(nanos, errors.get(), cpu);
  }

  private int profiledRounds;

  /**
   * With {@code -Dbench.asyncProfiler=/path/to/libasyncProfiler.so}, sends the server's JVM an
   * async-profiler command (loading it on first use): so that only the timed exchanges are sampled,
   * not the minting, the warm-up nor the other rows, as a JFR of the whole run would be. It runs
   * outside the CPU snapshots: jcmd is a JVM of its own.
   */
  private void profiler(String command) throws IOException, InterruptedException {
    if (bench.asyncProfiler.isEmpty()) {
      return;
    }
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    // The quotes keep the command one argument of the agent: jcmd splits on spaces and commas.
    Process p =
        new ProcessBuilder(
                jcmd,
                Long.toString(serverPid),
                "JVMTI.agent_load",
                bench.asyncProfiler,
                "\"" + command + "\"")
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // jcmd prints what the agent's attach returned: 0 only when the command took.
    if (p.waitFor() != 0 || !said.contains("return code: 0")) {
      throw new IllegalStateException("async-profiler (" + command + "): " + said.strip());
    }
  }

  interface Work {
    void run(Conn c) throws IOException;
  }

  /**
   * Keep-alive connections opened once for the whole row, each with a thread of its own, so that a
   * round measures exchanges, not connecting and starting threads (wrk's rows keep theirs open
   * too).
   */
  private final class Connections implements AutoCloseable {
    private final List<Conn> conns = new ArrayList<>();
    private final ExecutorService threads;

    Connections(int count) throws IOException {
      threads = Executors.newFixedThreadPool(count);
      try {
        for (int i = 0; i < count; i++) {
          conns.add(new Conn(base));
        }
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    /** Runs {@code work} on every connection at once and waits for all of them. */
    void parallel(Work work) throws Exception {
      List<Future<?>> running = new ArrayList<>();
      for (Conn c : conns) {
        running.add(
            threads.submit(
                () -> {
                  work.run(c);
                  return null;
                }));
      }
      Throwable failed = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failed = failed == null ? e.getCause() : failed;
        }
      }
      if (failed != null) {
        throw new IllegalStateException("a connection failed: " + failed, failed);
      }
    }

    @Override
    public void close() {
      threads.shutdownNow();
      for (Conn c : conns) {
        try {
          c.close();
        } catch (IOException e) {
          // closing at the end of the row: nothing left to lose
        }
      }
    }
  }

  /** One keep-alive HTTP/1.1 connection: just enough client for these two requests. */
  static final class Conn implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    record Response(int status, String location, String body) {}

    Conn(URI base) throws IOException {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream(), 16384);
      out = socket.getOutputStream();
      host = base.getHost() + ":" + base.getPort();
    }

    Response send(String method, String path, String cookie, String type, String body)
        throws IOException {
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
      if (cookie != null) {
        req.append("\r\nCookie: ").append(cookie);
      }
      if (type != null) {
        req.append("\r\nContent-Type: ").append(type);
      }
      if (body != null) {
        req.append("\r\nContent-Length: ").append(payload.length);
      }
      req.append("\r\n\r\n");
      ByteArrayOutputStream whole = new ByteArrayOutputStream(req.length() + payload.length);
      whole.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      whole.write(payload);
      out.write(whole.toByteArray());
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      String location = null;
      long length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(h.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("location:")) {
          location = h.substring(9).trim();
        }
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      if (chunked) {
        for (long size = Long.parseLong(line().trim(), 16); size > 0; ) {
          content.write(in.readNBytes((int) size));
          line();
          size = Long.parseLong(line().trim(), 16);
        }
        line();
      } else if (length > 0) {
        content.write(in.readNBytes((int) length));
      }
      return new Response(code, location, content.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          b.append((char) c);
        }
      }
      if (c == -1 && b.length() == 0) {
        throw new IOException("the server closed the connection");
      }
      return b.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
