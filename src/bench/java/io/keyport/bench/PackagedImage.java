package io.keyport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged app image ({@code mvn -Ppackage package -Dpackaging.types=app-image} builds
 * target/packaging/Keyport), as shipped (its launcher passes its start-up archive: an AOT cache,
 * lib/app/keyport.aot, on a JDK 24+ runtime; an AppCDS archive, keyport.jsa, on JDK 17) and without
 * that archive (a copy of the image without it; the runtime's base CDS archive stays). On a JDK 24+
 * runtime also the hello world on that same runtime, without and with an AOT cache of its own, so
 * each image variant has a hello world on its own JDK beside it.
 */
final class PackagedImage {
  private PackagedImage() {}

  static List<StartupBench.Variant> variants(
      StartupBench startup, Bench bench, Path empty, Path thousand, String helloCp, Path config)
      throws Exception {
    List<StartupBench.Variant> out = new ArrayList<>();
    Path image = bench.base.resolve("target/packaging/Keyport");
    Path launcher = image.resolve("bin/Keyport");
    if (!Files.isExecutable(launcher)) {
      bench.log(
          "no packaged app image at "
              + image
              + " (mvn -Ppackage package -Dpackaging.types=app-image builds it)");
      return out;
    }
    Path runtime = image.resolve("lib/runtime");
    String jdk = jdkVersion(runtime);
    boolean aot = Files.exists(image.resolve("lib/app/keyport.aot"));
    boolean cds = Files.exists(image.resolve("lib/app/keyport.jsa"));
    String archive = aot ? "AOT cache" : cds ? "AppCDS archive" : "archive";
    bench.log(
        "packaged app image: "
            + image
            + " on JDK "
            + jdk
            + (aot || cds ? " (with its " + archive + ")" : " (it has no start-up archive)"));

    // The hello world on the image's own runtime (its modules, its base CDS archive), without and
    // with an AOT cache from one training run, with the options a JDK 24+ runtime needs for
    // JavaFX on the class path and the archives mapped where they were written (as the image's
    // launcher passes them; packaging/common.sh).
    String plainBase = "hello";
    String shippedBase = "hello_cds";
    if (aot) {
      String java = runtime.resolve("bin/java").toString();
      List<String> quiet =
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "--sun-misc-unsafe-memory-access=allow",
              "-XX:+UnlockDiagnosticVMOptions",
              "-XX:ArchiveRelocationMode=0");
      Path cache = bench.dir.resolve("cds/hello.aot");
      Path recorded = bench.dir.resolve("cds/hello.aotconf");
      Files.deleteIfExists(cache);
      Files.deleteIfExists(recorded);
      startup.train(
          concat(
              List.of(java),
              quiet,
              List.of(
                  "-XX:AOTMode=record",
                  "-XX:AOTConfiguration=" + recorded,
                  "-Xlog:aot=off",
                  "-cp",
                  helloCp,
                  "io.keyport.bench.HelloFx")),
          empty,
          config);
      startup.train(
          concat(
              List.of(java),
              quiet,
              List.of(
                  "-XX:AOTMode=create",
                  "-XX:AOTConfiguration=" + recorded,
                  "-XX:AOTCache=" + cache,
                  "-Xlog:aot=off",
                  "-cp",
                  helloCp,
                  "io.keyport.bench.HelloFx")),
          empty,
          config);
      plainBase = "hello_image_runtime";
      out.add(
          new StartupBench.Variant(
              plainBase,
              "JavaFX hello world on the image's runtime",
              concat(List.of(java), quiet, List.of("-cp", helloCp, "io.keyport.bench.HelloFx")),
              empty,
              jdk,
              null));
      if (Files.exists(cache)) {
        shippedBase = "hello_aot";
        out.add(
            new StartupBench.Variant(
                shippedBase,
                "JavaFX hello world + AOT cache, on the image's runtime",
                concat(
                    List.of(java),
                    quiet,
                    List.of("-XX:AOTCache=" + cache, "-cp", helloCp, "io.keyport.bench.HelloFx")),
                empty,
                jdk,
                null));
      } else {
        bench.log("the hello world's AOT cache was not written");
      }
    }

    Path copy = bench.dir.resolve("image-without-archive/Keyport");
    Bench.deleteTree(copy.getParent());
    Files.createDirectories(copy.getParent());
    Procs.run(List.of("cp", "-a", image.toString(), copy.toString()), Map.of(), 120_000);
    // Without the start-up archive but with the runtime's base CDS archive: the launcher names an
    // archive only where there is one (a missing one would turn class sharing off altogether).
    Files.deleteIfExists(copy.resolve("lib/app/keyport.jsa"));
    Files.deleteIfExists(copy.resolve("lib/app/keyport.aot"));
    Path copyLauncher = copy.resolve("bin/Keyport");
    for (int apps : List.of(0, 1000)) {
      out.add(
          new StartupBench.Variant(
              "image_" + apps + "_nocds",
              "Packaged app image without its " + archive + ", " + count(apps),
              List.of(copyLauncher.toString(), "--measure-startup"),
              apps == 0 ? empty : thousand,
              jdk,
              plainBase));
    }
    for (int apps : List.of(0, 1000)) {
      out.add(
          new StartupBench.Variant(
              "image_" + apps,
              "Packaged app image (" + archive + ", as shipped), " + count(apps),
              List.of(launcher.toString(), "--measure-startup"),
              apps == 0 ? empty : thousand,
              jdk,
              shippedBase));
    }
    return out;
  }

  private static String count(int apps) {
    return String.format("%,d apps", apps);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  /** JAVA_VERSION from a runtime's release file ("25.0.3"), or "?" without one. */
  static String jdkVersion(Path runtime) throws IOException {
    Path release = runtime.resolve("release");
    if (!Files.exists(release)) {
      return "?";
    }
    return Files.readAllLines(release).stream()
        .filter(l -> l.startsWith("JAVA_VERSION="))
        .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
        .findFirst()
        .orElse("?");
  }

  /**
   * The options every launcher is built with (packaging/desktop-jvm-options.txt, which the Linux
   * launcher carries and the training runs use), or none without that file.
   */
  static List<String> javaOptions(Bench bench) throws IOException {
    Path shipped = bench.base.resolve("packaging/desktop-jvm-options.txt");
    if (!Files.exists(shipped)) {
      return List.of();
    }
    return Files.readAllLines(shipped).stream()
        .map(l -> l.replaceAll("#.*$", "").trim())
        .filter(l -> !l.isEmpty())
        .toList();
  }
}
