package io.keyport.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Start-up: {@code --measure-startup} of Keyport (ms from JVM start to the first frame showing the
 * loaded app list) against a JavaFX hello world measured the same way, in the same run, interleaved
 * round by round; with 0 and 1,000 apps; without and with an AppCDS archive; and the packaged app
 * image when one was built. Also the wall time the harness saw from spawning to the figure.
 */
final class StartupBench {
  private final Bench bench;

  StartupBench(Bench bench) {
    this.bench = bench;
  }

  /**
   * One way of starting: its command, the data folder it opens, the JDK it runs on ("17.0.15"), and
   * the variant its ratio is taken against (null: the report's rule by name).
   */
  record Variant(
      String name,
      String label,
      List<String> command,
      Path xdgData,
      String jdk,
      String compareWith) {
    Variant(String name, String label, List<String> command, Path xdgData) {
      this(name, label, command, xdgData, System.getProperty("java.version"), null);
    }
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    Path empty = bench.freshDir("data-0-");
    Path thousand = bench.freshDir("data-1000-");
    Path config = bench.freshDir("config-");
    out.put("seed_0_apps_ms", Seeder.seed(empty, 0));
    out.put("seed_1000_apps_ms", Seeder.seed(thousand, 1000));
    bench.log("seeded 0 and 1,000 apps");

    String java = Procs.javaBin();
    // A jar, not the classes folder: AppCDS refuses a non-empty folder on the class path.
    String helloCp = bench.jar + File.pathSeparator + helloJar();
    Path cds = bench.dir.resolve("cds");
    Files.createDirectories(cds);
    Path helloJsa = cds.resolve("hello.jsa");
    Path keyportJsa = cds.resolve("keyport.jsa");
    Files.deleteIfExists(helloJsa);
    Files.deleteIfExists(keyportJsa);

    List<Variant> variants = new ArrayList<>();
    variants.add(
        new Variant(
            "hello",
            "JavaFX hello world (java -cp keyport.jar)",
            List.of(java, "-cp", helloCp, "io.keyport.bench.HelloFx"),
            empty));
    variants.add(
        new Variant(
            "keyport_0",
            "Keyport, 0 apps (java -jar)",
            List.of(java, "-jar", bench.jar.toString(), "--measure-startup"),
            empty));
    variants.add(
        new Variant(
            "keyport_1000",
            "Keyport, 1,000 apps (java -jar)",
            List.of(java, "-jar", bench.jar.toString(), "--measure-startup"),
            thousand));

    // AppCDS: a dynamic archive of each, dumped at exit of one training run, then used.
    train(
        List.of(
            java,
            "-XX:ArchiveClassesAtExit=" + helloJsa,
            "-cp",
            helloCp,
            "io.keyport.bench.HelloFx"),
        empty,
        config);
    train(
        List.of(
            java,
            "-XX:ArchiveClassesAtExit=" + keyportJsa,
            "-jar",
            bench.jar.toString(),
            "--measure-startup"),
        thousand,
        config);
    if (Files.exists(helloJsa) && Files.exists(keyportJsa)) {
      variants.add(
          new Variant(
              "hello_cds",
              "JavaFX hello world + AppCDS",
              List.of(
                  java,
                  "-XX:SharedArchiveFile=" + helloJsa,
                  "-cp",
                  helloCp,
                  "io.keyport.bench.HelloFx"),
              empty));
      variants.add(
          new Variant(
              "keyport_0_cds",
              "Keyport, 0 apps + AppCDS (java -jar)",
              List.of(
                  java,
                  "-XX:SharedArchiveFile=" + keyportJsa,
                  "-jar",
                  bench.jar.toString(),
                  "--measure-startup"),
              empty));
      variants.add(
          new Variant(
              "keyport_1000_cds",
              "Keyport, 1,000 apps + AppCDS (java -jar)",
              List.of(
                  java,
                  "-XX:SharedArchiveFile=" + keyportJsa,
                  "-jar",
                  bench.jar.toString(),
                  "--measure-startup"),
              thousand));
    } else {
      out.put("cds_error", "the dynamic CDS archives were not written");
    }
    variants.addAll(PackagedImage.variants(this, bench, empty, thousand, helloCp, config));

    // One untimed run of each (disk cache, font cache), then the rounds, interleaved.
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    Map<String, List<Double>> walls = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    for (Variant v : variants) {
      figures.put(v.name(), new ArrayList<>());
      walls.put(v.name(), new ArrayList<>());
      once(v, config, null, null, failures);
    }
    for (int round = 0; round < bench.startupRuns; round++) {
      for (Variant v : variants) {
        once(v, config, figures.get(v.name()), walls.get(v.name()), failures);
      }
    }
    Map<String, Object> results = new LinkedHashMap<>();
    for (Variant v : variants) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("label", v.label());
      r.put("jdk", v.jdk());
      if (v.compareWith() != null) {
        r.put("compare_with", v.compareWith());
      }
      r.put("command", String.join(" ", v.command()).replace(bench.base + "/", ""));
      r.put("measured_ms", Stats.summary(figures.get(v.name())));
      r.put("spawn_to_figure_ms", Stats.summary(walls.get(v.name())));
      if (failures.containsKey(v.name())) {
        r.put("failure", failures.get(v.name()));
      }
      results.put(v.name(), r);
      bench.log(
          "  "
              + v.label()
              + ": median "
              + Stats.round(Stats.median(figures.get(v.name())))
              + " ms (spawn to figure "
              + Stats.round(Stats.median(walls.get(v.name())))
              + " ms)");
    }
    out.put("variants", results);
    return out;
  }

  /** target/bench/hello.jar: the hello world's classes (HelloFx, its App, FirstFrame). */
  private Path helloJar() throws IOException {
    Path classes = bench.base.resolve("target/test-classes");
    Path jar = bench.dir.resolve("hello.jar");
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("HelloFx", "HelloFx$App", "FirstFrame")) {
        String entry = "io/keyport/bench/" + name + ".class";
        out.putNextEntry(new JarEntry(entry));
        out.write(Files.readAllBytes(classes.resolve(entry)));
        out.closeEntry();
      }
    }
    return jar;
  }

  void train(List<String> command, Path data, Path config) throws Exception {
    try (Procs.Child c = Procs.start(command, bench.desktopEnv(data, config), null)) {
      c.waitFor(120_000);
    }
  }

  private void once(
      Variant v,
      Path config,
      List<Double> figures,
      List<Double> walls,
      Map<String, String> failures)
      throws Exception {
    if (!attempt(v, config, figures, walls, failures, false)) {
      // The embedded server probes for a free port, then binds it; with other programs starting
      // servers on this machine the port can be gone in between. One more try.
      attempt(v, config, figures, walls, failures, true);
    }
  }

  private boolean attempt(
      Variant v,
      Path config,
      List<Double> figures,
      List<Double> walls,
      Map<String, String> failures,
      boolean last)
      throws Exception {
    try (Procs.Child c = Procs.start(v.command(), bench.desktopEnv(v.xdgData(), config), null)) {
      Procs.Seen seen = c.await(Bench.STARTUP_MS, 90_000);
      int exit = c.waitFor(30_000);
      if (seen == null) {
        if (last) {
          failures.put(
              v.name(),
              "no start-up figure (exit "
                  + exit
                  + "): "
                  + String.join(" | ", c.output().stream().limit(30).toList()));
        }
        bench.log("  " + v.name() + ": no figure; exit " + exit + (last ? "" : "; trying again"));
        return false;
      }
      if (figures != null) {
        figures.add(Bench.startupMs(seen.match()));
        walls.add((seen.arrivedNanos() - c.startedNanos) / 1e6);
      }
      return true;
    }
  }
}
