package io.keyport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged app image (jpackage), when the packaging profile built one under target/. */
final class PackagedImage {
  private PackagedImage() {}

  static List<StartupBench.Variant> variants(Bench bench, Path empty, Path thousand) throws IOException {
    List<StartupBench.Variant> out = new ArrayList<>();
    Path target = bench.base.resolve("target");
    List<Path> launchers = new ArrayList<>();
    for (Path p : Bench.listFiles(target, "**/bin/{Keyport,keyport}")) {
      if (!p.startsWith(bench.dir) && Files.isExecutable(p) && Files.isRegularFile(p)) {
        launchers.add(p);
      }
    }
    if (launchers.isEmpty()) {
      bench.log("no packaged app image under target/ (build it with the packaging profile to measure it)");
      return out;
    }
    Path launcher = launchers.get(0);
    bench.log("packaged app image: " + launcher);
    out.add(new StartupBench.Variant("image_0", "Packaged app image, 0 apps",
        List.of(launcher.toString(), "--measure-startup"), empty));
    out.add(new StartupBench.Variant("image_1000", "Packaged app image, 1,000 apps",
        List.of(launcher.toString(), "--measure-startup"), thousand));
    return out;
  }
}
