package io.keyport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list at scale: 10,000 apps seeded through the API, then the real desktop in a probe JVM, N
 * times.
 */
final class ScaleBench {
  private static final List<String> FIGURES =
      List.of(
          "jvm_start_to_window_frame_ms",
          "jvm_start_to_connected_ms",
          "jvm_start_to_list_frame_ms",
          "connected_to_items_ms",
          "items_to_list_frame_ms",
          "rss_after_load_mb",
          "rss_peak_mb",
          "heap_used_after_load_mb",
          "rss_after_filter_mb",
          "first_keystroke_ms");
  private final Bench bench;

  ScaleBench(Bench bench) {
    this.bench = bench;
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    Path data = bench.freshDir("data-" + bench.scaleApps + "-");
    Path config = bench.freshDir("config-");
    out.put("apps", bench.scaleApps);
    out.put("seed_ms", Seeder.seed(data, bench.scaleApps));
    bench.log("seeded " + bench.scaleApps + " apps in " + out.get("seed_ms") + " ms");
    out.putAll(probe(data, config, List.of(), "default"));
    List<String> packaged = PackagedImage.javaOptions(bench);
    if (packaged.stream()
        .anyMatch(o -> o.startsWith("-XX") || o.startsWith("-Xm") || o.startsWith("-Xs"))) {
      Map<String, Object> withOptions = new LinkedHashMap<>();
      withOptions.put("jvm_options", packaged);
      withOptions.putAll(probe(data, config, packaged, "packaged"));
      out.put("with_packaged_jvm_options", withOptions);
    }
    return out;
  }

  /**
   * The desktop as shipped (target/keyport.jar, as {@code java -jar} and the app image run it) and
   * the bench's own classes beside it, not the test class path: its ~90 jars (their directories
   * alone took 4 MB of heap) and its logback-test.xml are no part of the real desktop.
   */
  private String probeClassPath() throws Exception {
    Path classes = bench.dir.resolve("probe-classes");
    Path pkg = classes.resolve("io/keyport/bench");
    Files.createDirectories(pkg);
    Path from =
        Path.of(ScaleProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/keyport/bench");
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, pkg.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return bench.jar + File.pathSeparator + classes;
  }

  private Map<String, Object> probe(Path data, Path config, List<String> jvmOptions, String tag)
      throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    List<JsonNode> runs = new ArrayList<>();
    List<Double> keystrokes = new ArrayList<>();
    List<Double> typed = new ArrayList<>();
    List<Double> handler = new ArrayList<>();
    List<Double> layout = new ArrayList<>();
    for (int i = 0; i < bench.scaleRuns; i++) {
      Path result = bench.dir.resolve("scale-probe-" + tag + "-" + i + ".json");
      Files.deleteIfExists(result);
      List<String> cmd = new ArrayList<>(List.of(Procs.javaBin()));
      cmd.addAll(jvmOptions);
      cmd.addAll(
          List.of(
              "-Dprobe.out=" + result,
              "-Dprobe.expected=" + bench.scaleApps,
              "-cp",
              probeClassPath(),
              "io.keyport.bench.ScaleProbe"));
      try (Procs.Child c =
          Procs.start(
              cmd,
              bench.desktopEnv(data, config),
              bench.dir.resolve("scale-probe-" + tag + "-" + i + ".log"))) {
        int exit = c.waitFor(240_000);
        if (!Files.exists(result)) {
          out.put(
              "error",
              "the probe wrote no result (exit "
                  + exit
                  + "), see target/bench/scale-probe-"
                  + tag
                  + "-"
                  + i
                  + ".log");
          return out;
        }
      }
      JsonNode r = bench.readJson(result);
      runs.add(r);
      if (r.has("error")) {
        out.put("error", r.get("error").asText());
      }
      r.path("filter_keystroke_ms").path("samples").forEach(s -> keystrokes.add(s.asDouble()));
      r.path("filter_keystroke_typed_ms").path("samples").forEach(s -> typed.add(s.asDouble()));
      r.path("filter_handler_ms").path("samples").forEach(s -> handler.add(s.asDouble()));
      r.path("filter_pulse_css_layout_ms").path("samples").forEach(s -> layout.add(s.asDouble()));
      bench.log(
          "  probe run "
              + i
              + " ("
              + tag
              + " JVM options): list shown "
              + r.path("jvm_start_to_list_frame_ms").asText()
              + " ms after JVM start; items to frame "
              + r.path("items_to_list_frame_ms").asText()
              + " ms; RSS "
              + r.path("rss_after_load_mb").asText()
              + " MB; keystroke median "
              + r.path("filter_keystroke_ms").path("median").asText("n/a")
              + " ms right after a frame, "
              + r.path("filter_keystroke_typed_ms").path("median").asText("n/a")
              + " ms typed");
    }
    for (String f : FIGURES) {
      List<Double> xs = new ArrayList<>();
      for (JsonNode r : runs) {
        if (r.path(f).isNumber()) {
          xs.add(r.path(f).asDouble());
        }
      }
      if (!xs.isEmpty()) {
        out.put(f, Stats.round(Stats.median(xs)));
      }
    }
    out.put(
        "window_before_list",
        runs.stream().allMatch(r -> r.path("window_before_list").asBoolean()));
    if (!keystrokes.isEmpty()) {
      out.put("filter_keystroke_ms", Stats.summary(keystrokes));
      if (!typed.isEmpty()) {
        out.put("filter_keystroke_typed_ms", Stats.summary(typed));
      }
      if (!handler.isEmpty()) {
        out.put("filter_handler_ms", Stats.summary(handler));
        out.put("filter_pulse_css_layout_ms", Stats.summary(layout));
      }
    } else if (!runs.isEmpty() && runs.get(0).has("filter")) {
      out.put("filter", runs.get(0).get("filter").asText());
    }
    out.put("runs", runs);
    return out;
  }
}
