package io.keyport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark run: machine, start-up, list scale, server load, password grant; then the report.
 */
final class Bench {
  static final String DISPLAY = ":104";
  final boolean quick = Boolean.getBoolean("bench.quick");
  final Set<String> only =
      Arrays.stream(System.getProperty("bench.only", "all").split(","))
          .map(String::trim)
          .collect(Collectors.toSet());
  final boolean jfr = Boolean.getBoolean("bench.jfr");

  /** async-profiler's agent library, to sample the timed code exchanges; empty: none. */
  final String asyncProfiler = System.getProperty("bench.asyncProfiler", "");

  final Path base = Path.of(System.getProperty("bench.basedir", ".")).toAbsolutePath();
  final Path dir = base.resolve("target/bench");
  // -Dbench.jar: another build of the jar (a before/after comparison on the same machine).
  final Path jar =
      Path.of(System.getProperty("bench.jar", base.resolve("target/keyport.jar").toString()));
  final int cores = Runtime.getRuntime().availableProcessors();
  final int startupRuns = Integer.getInteger("bench.startupRuns", quick ? 3 : 5);
  final int scaleRuns = Integer.getInteger("bench.scaleRuns", quick ? 1 : 2);
  final int wrkWarmupS = Integer.getInteger("bench.wrkWarmup", quick ? 3 : 5);
  final int wrkSeconds = Integer.getInteger("bench.wrkSeconds", quick ? 5 : 10);
  final int scaleApps = Integer.getInteger("bench.scaleApps", 10_000);
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Map<String, Object> report = new LinkedHashMap<>();
  private Process xvfb;

  boolean selected(String section) {
    return only.contains("all") || only.contains(section);
  }

  void log(String line) {
    System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    System.out.flush();
  }

  int run() throws Exception {
    Files.createDirectories(dir);
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run `mvn -Pbench verify` (it packages first)");
    }
    report.put("started_at", Instant.now().toString());
    report.put("quick", quick);
    report.put("machine", machine());
    log("machine: " + report.get("machine"));
    stopLeftoverServers();
    try {
      if (selected("startup") || selected("scale")) {
        startXvfb();
      }
      section("startup", () -> new StartupBench(this).run());
      section("scale", () -> new ScaleBench(this).run());
      section("cli", () -> new CliBench(this).run());
      // -Dbench.dbs=h2 or postgres: one database only.
      String dbs = System.getProperty("bench.dbs", "h2,postgres");
      if ((selected("server") || selected("password")) && dbs.contains("h2")) {
        section("server_h2", () -> new ServerBench(this).run("h2"));
      }
      if (selected("server") && dbs.contains("postgres")) {
        section("server_postgres", () -> new ServerBench(this).run("postgres"));
      }
      section("anchor", () -> new AnchorBench(this).run());
    } finally {
      if (xvfb != null) {
        xvfb.destroy();
      }
      report.put("finished_at", Instant.now().toString());
      report.put("load_average_at_end", loadAverage());
      json.writeValue(dir.resolve("report.json").toFile(), report);
      Files.writeString(dir.resolve("report.md"), new Markdown(json.valueToTree(report)).render());
      log("wrote " + dir.resolve("report.md") + " and report.json");
    }
    return 0;
  }

  /**
   * A bench killed midway (SIGKILL, or its Maven run stopped) cannot stop the servers it started:
   * they outlive it, idle, and share the machine with the next run's measurements. A server of the
   * bench's is known by its data folder's name, and one whose bench is gone has no bench JVM for a
   * parent.
   */
  private void stopLeftoverServers() throws Exception {
    List<ProcessHandle> leftovers =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().map(Bench::isBenchServer).orElse(false))
            .filter(
                p ->
                    p.parent()
                        .flatMap(parent -> parent.info().commandLine())
                        .map(parent -> !parent.contains(BenchMain.class.getName()))
                        .orElse(true))
            .toList();
    for (ProcessHandle server : leftovers) {
      log("stopping a server that a killed bench left running: pid " + server.pid());
      List<String> args = Arrays.asList(server.info().arguments().orElse(new String[0]));
      int data = args.indexOf("--data");
      Path folder = data >= 0 && data + 1 < args.size() ? Path.of(args.get(data + 1)) : null;
      boolean ours =
          folder != null && folder.getFileName().toString().startsWith(ServerBench.DATA_PREFIX);
      ServerBench.stop(server, ours ? folder : null);
    }
  }

  private static boolean isBenchServer(String commandLine) {
    return commandLine.contains(" server ") && commandLine.contains(ServerBench.DATA_PREFIX);
  }

  interface Section {
    Object run() throws Exception;
  }

  private void section(String name, Section s) {
    String family = name.startsWith("server") ? "server" : name;
    if (!selected(family) && !(name.equals("server_h2") && selected("password"))) {
      return;
    }
    log("== " + name + " (load average " + loadAverage() + ")");
    long t0 = System.nanoTime();
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("load_average_before", loadAverage());
    try {
      Object result = s.run();
      wrapped.put("result", result);
    } catch (Exception e) {
      log(name + " failed: " + e);
      e.printStackTrace();
      wrapped.put("error", String.valueOf(e.getMessage()));
    }
    wrapped.put("load_average_after", loadAverage());
    wrapped.put("seconds", (System.nanoTime() - t0) / 1_000_000_000L);
    report.put(name, wrapped);
    try {
      json.writeValue(dir.resolve("report.json").toFile(), report);
    } catch (IOException e) {
      log("cannot write the partial report: " + e);
    }
  }

  Map<String, String> desktopEnv(Path xdgData, Path xdgConfig) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISPLAY", DISPLAY);
    env.put("XDG_DATA_HOME", xdgData.toString());
    env.put("XDG_CONFIG_HOME", xdgConfig.toString());
    return env;
  }

  private void startXvfb() throws Exception {
    Path socket = Path.of("/tmp/.X11-unix/X104");
    if (Files.exists(socket)) {
      log("display " + DISPLAY + " is already up; using it");
      return;
    }
    xvfb =
        new ProcessBuilder("Xvfb", DISPLAY, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("xvfb.log").toFile())
            .start();
    for (int i = 0; i < 100 && !Files.exists(socket); i++) {
      Thread.sleep(50);
    }
    if (!Files.exists(socket)) {
      throw new IllegalStateException(
          "Xvfb did not start on " + DISPLAY + ": " + Procs.read(dir.resolve("xvfb.log")));
    }
  }

  static String loadAverage() {
    String s = Procs.read(Path.of("/proc/loadavg")).trim();
    String[] p = s.split("\\s+");
    return p.length >= 3 ? p[0] + " " + p[1] + " " + p[2] : s;
  }

  private Map<String, Object> machine() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nproc", cores);
    String cpu =
        Procs.read(Path.of("/proc/cpuinfo"))
            .lines()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .orElse("?");
    m.put("cpu", cpu);
    String mem =
        Procs.read(Path.of("/proc/meminfo"))
            .lines()
            .filter(l -> l.startsWith("MemTotal"))
            .findFirst()
            .orElse("?");
    long kb = Long.parseLong("0" + mem.replaceAll("\\D", ""));
    m.put("memory_gib", Stats.round(kb / 1048576.0));
    m.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("load_average_at_start", loadAverage());
    try {
      String top =
          Procs.run(List.of("ps", "-eo", "pcpu,etime,comm", "--sort=-pcpu"), Map.of(), 10_000);
      m.put("busiest_processes_at_start", top.lines().skip(1).limit(6).map(String::trim).toList());
    } catch (RuntimeException e) {
      m.put("busiest_processes_at_start", List.of());
    }
    return m;
  }

  /** Deletes {@code root} and everything under it; nothing when it is not there. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  Path freshDir(String prefix) throws IOException {
    Files.createDirectories(dir.resolve("tmp"));
    return Files.createTempDirectory(dir.resolve("tmp"), prefix);
  }

  JsonNode readJson(Path file) throws IOException {
    return json.readTree(file.toFile());
  }

  static final Pattern STARTUP_MS = Pattern.compile("^startup-ms (\\d+(?:\\.\\d+)?)\\s*$");

  static double startupMs(Matcher m) {
    return Double.parseDouble(m.group(1));
  }

  static List<Path> listFiles(Path root, String glob) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    var matcher = root.getFileSystem().getPathMatcher("glob:" + glob);
    try (Stream<Path> s = Files.walk(root, 6)) {
      return s.filter(p -> matcher.matches(root.relativize(p)))
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }
}
