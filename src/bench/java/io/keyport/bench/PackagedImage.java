package io.keyport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The packaged app image ({@code mvn -Ppackage package -Dpackaging.types=app-image} builds
 * target/packaging/Keyport), as shipped (its launcher passes its AppCDS archive) and without that
 * archive (a copy of the image without lib/app/keyport.jsa; the runtime's base CDS archive stays).
 */
final class PackagedImage {
  private PackagedImage() {}

  static List<StartupBench.Variant> variants(Bench bench, Path empty, Path thousand)
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
    bench.log(
        "packaged app image: "
            + image
            + (Files.exists(image.resolve("lib/app/keyport.jsa"))
                ? " (with its AppCDS archive)"
                : " (it has no lib/app/keyport.jsa)"));
    Path copy = bench.dir.resolve("image-without-appcds/Keyport");
    deleteTree(copy.getParent());
    Files.createDirectories(copy.getParent());
    Procs.run(List.of("cp", "-a", image.toString(), copy.toString()), Map.of(), 120_000);
    // Without the AppCDS archive but with the runtime's base CDS archive: the launcher names the
    // archive only where there is one (a missing SharedArchiveFile would turn class sharing off
    // altogether).
    Files.deleteIfExists(copy.resolve("lib/app/keyport.jsa"));
    Path copyLauncher = copy.resolve("bin/Keyport");
    out.add(
        new StartupBench.Variant(
            "image_0_nocds",
            "Packaged app image without its AppCDS archive, 0 apps",
            List.of(copyLauncher.toString(), "--measure-startup"),
            empty));
    out.add(
        new StartupBench.Variant(
            "image_1000_nocds",
            "Packaged app image without its AppCDS archive, 1,000 apps",
            List.of(copyLauncher.toString(), "--measure-startup"),
            thousand));
    out.add(
        new StartupBench.Variant(
            "image_0",
            "Packaged app image (AppCDS), 0 apps",
            List.of(launcher.toString(), "--measure-startup"),
            empty));
    out.add(
        new StartupBench.Variant(
            "image_1000",
            "Packaged app image (AppCDS), 1,000 apps",
            List.of(launcher.toString(), "--measure-startup"),
            thousand));
    return out;
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

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
