package io.keyport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged app image ({@code mvn -Ppackage package -Dpackaging.types=app-image} builds
 * target/packaging/Keyport), as shipped (its launcher passes its AppCDS archive) and without that
 * archive (a copy of the image without lib/app/keyport.jsa and the launcher option naming it; the
 * runtime's base CDS archive stays).
 */
final class PackagedImage {
  private PackagedImage() {}

  static List<StartupBench.Variant> variants(Bench bench, Path empty, Path thousand) throws Exception {
    List<StartupBench.Variant> out = new ArrayList<>();
    Path image = bench.base.resolve("target/packaging/Keyport");
    Path launcher = image.resolve("bin/Keyport");
    if (!Files.isExecutable(launcher)) {
      bench.log("no packaged app image at " + image + " (mvn -Ppackage package -Dpackaging.types=app-image builds it)");
      return out;
    }
    bench.log("packaged app image: " + image + (Files.exists(image.resolve("lib/app/keyport.jsa"))
        ? " (with its AppCDS archive)" : " (it has no lib/app/keyport.jsa)"));
    Path copy = bench.dir.resolve("image-without-appcds/Keyport");
    deleteTree(copy.getParent());
    Files.createDirectories(copy.getParent());
    Procs.run(List.of("cp", "-a", image.toString(), copy.toString()), java.util.Map.of(), 120_000);
    // Without the AppCDS archive but with the runtime's base CDS archive: the copy's launcher no
    // longer names keyport.jsa (a missing SharedArchiveFile would turn class sharing off altogether).
    Files.deleteIfExists(copy.resolve("lib/app/keyport.jsa"));
    Path cfg = copy.resolve("lib/app/Keyport.cfg");
    if (Files.exists(cfg)) {
      List<String> kept = Files.readAllLines(cfg).stream()
          .filter(l -> !l.contains("SharedArchiveFile")).toList();
      Files.write(cfg, kept);
    }
    Path copyLauncher = copy.resolve("bin/Keyport");
    out.add(new StartupBench.Variant("image_0_nocds", "Packaged app image without its AppCDS archive, 0 apps",
        List.of(copyLauncher.toString(), "--measure-startup"), empty));
    out.add(new StartupBench.Variant("image_1000_nocds", "Packaged app image without its AppCDS archive, 1,000 apps",
        List.of(copyLauncher.toString(), "--measure-startup"), thousand));
    out.add(new StartupBench.Variant("image_0", "Packaged app image (AppCDS), 0 apps",
        List.of(launcher.toString(), "--measure-startup"), empty));
    out.add(new StartupBench.Variant("image_1000", "Packaged app image (AppCDS), 1,000 apps",
        List.of(launcher.toString(), "--measure-startup"), thousand));
    return out;
  }

  /**
   * The packaged launcher's JVM options (lib/app/Keyport.cfg), but the AppCDS ones; without an app
   * image, the options every launcher is built with (packaging/desktop-jvm-options.txt); or none.
   */
  static List<String> javaOptions(Bench bench) throws IOException {
    Path cfg = bench.base.resolve("target/packaging/Keyport/lib/app/Keyport.cfg");
    if (!Files.exists(cfg)) {
      Path shipped = bench.base.resolve("packaging/desktop-jvm-options.txt");
      if (!Files.exists(shipped)) {
        return List.of();
      }
      return Files.readAllLines(shipped).stream()
          .map(l -> l.replaceAll("#.*$", "").trim())
          .filter(l -> !l.isEmpty())
          .toList();
    }
    return Files.readAllLines(cfg).stream()
        .filter(l -> l.startsWith("java-options="))
        .map(l -> l.substring("java-options=".length()).trim())
        .filter(o -> !o.contains("SharedArchiveFile") && !o.startsWith("-Xshare") && !o.contains("$APPDIR"))
        .toList();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
