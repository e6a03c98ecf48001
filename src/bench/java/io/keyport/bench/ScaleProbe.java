package io.keyport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyport.Keyport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Window;
import javax.management.ObjectName;

/**
 * The real desktop (the front door, embedded server and all, in this one process) watched from a
 * probe thread: when the window's first frame shows, when the session connects, when the list's
 * items arrive, when the frame showing them is done; then the process's RSS; then filter keystrokes
 * fired at the Your Apps filter field, each timed from the key event to the end of the first frame
 * after the table's items changed: first each right after the frame before, then each at a random
 * moment within a frame, as typed. Writes its figures as JSON to {@code -Dprobe.out}.
 */
public final class ScaleProbe {
  private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();
  private static final long NANO_AT_JVM_START =
      System.nanoTime() - (System.currentTimeMillis() - JVM_START) * 1_000_000L;

  private final int expected = Integer.getInteger("probe.expected", 10_000);
  private final Path out = Path.of(System.getProperty("probe.out", "probe.json"));
  private final Map<String, Object> result = new LinkedHashMap<>();

  private volatile long windowFrameNanos;
  private volatile long connectedNanos;
  private volatile long itemsArrivedNanos;
  private volatile long listFrameNanos;
  private volatile long lastItemsChangeNanos;
  private TableView<?> table;
  private final List<Double> handlerMs = new ArrayList<>();
  private final List<Double> layoutMs = new ArrayList<>();
  private volatile double lastHandlerMs;
  private volatile double lastLayoutMs;
  private volatile long pulseStartNanos;
  private volatile long pulseLayoutEndNanos;

  public static void main(String[] args) throws Exception {
    ScaleProbe probe = new ScaleProbe();
    Thread t = new Thread(probe::runQuietly, "bench-probe");
    t.setDaemon(true);
    t.start();
    Keyport.main(new String[0]);
  }

  private void runQuietly() {
    try {
      run();
    } catch (Throwable e) {
      result.put("error", e.toString());
      e.printStackTrace();
    }
    try {
      write();
    } catch (IOException e) {
      e.printStackTrace();
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(15_000);
              } catch (InterruptedException ignored) {
                // exiting anyway
              }
              Runtime.getRuntime().halt(3);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    Platform.exit();
  }

  private static double ms(long fromNanos, long toNanos) {
    return Stats.round((toNanos - fromNanos) / 1e6);
  }

  private void run() throws Exception {
    waitForToolkit();
    CompletableFuture<Scene> sceneFound = new CompletableFuture<>();
    onFx(
        () -> {
          ListChangeListener<Window> watch = c -> findScene(sceneFound);
          Window.getWindows().addListener(watch);
          findScene(sceneFound);
        });
    Scene scene = sceneFound.get(60, TimeUnit.SECONDS);
    CompletableFuture<Void> shown = new CompletableFuture<>();
    onFx(() -> watch(scene, shown));
    try {
      shown.get(120, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      result.put("error", "the list of " + expected + " apps did not show within 120 s");
      return;
    }
    result.put("expected_apps", expected);
    result.put("jvm_start_to_window_frame_ms", ms(NANO_AT_JVM_START, windowFrameNanos));
    result.put("jvm_start_to_connected_ms", ms(NANO_AT_JVM_START, connectedNanos));
    result.put("jvm_start_to_list_frame_ms", ms(NANO_AT_JVM_START, listFrameNanos));
    result.put("connected_to_items_ms", ms(connectedNanos, itemsArrivedNanos));
    result.put("items_to_list_frame_ms", ms(itemsArrivedNanos, listFrameNanos));
    result.put("window_before_list", windowFrameNanos > 0 && windowFrameNanos < itemsArrivedNanos);

    Thread.sleep(1000); // let the loading settle (background threads, GC) before measuring memory
    result.put("rss_after_load_mb", rssMb("VmRSS"));
    result.put("rss_peak_mb", rssMb("VmHWM"));
    Runtime rt = Runtime.getRuntime();
    result.put(
        "heap_used_after_load_mb", Stats.round((rt.totalMemory() - rt.freeMemory()) / 1048576.0));
    result.put("heap_committed_mb", Stats.round(rt.totalMemory() / 1048576.0));

    nativeMemory();
    keystrokes(scene);
    result.put("rss_after_filter_mb", rssMb("VmRSS"));
  }

  private void watch(Scene scene, CompletableFuture<Void> shown) {
    Runnable check =
        () -> {
          long now = System.nanoTime();
          if (windowFrameNanos == 0 && scene.getWindow() != null && scene.getWindow().isShowing()) {
            windowFrameNanos = now;
          }
          if (connectedNanos == 0 && statusSaysConnected(scene)) {
            connectedNanos = now;
          }
          if (table == null) {
            Node t = scene.lookup("#table");
            if (t instanceof TableView<?> tv) {
              table = tv;
              tv.getItems().addListener((ListChangeListener<Object>) c -> itemsChanged());
              tv.itemsProperty()
                  .addListener(
                      (obs, o, n) -> {
                        itemsChanged();
                        n.addListener((ListChangeListener<Object>) c -> itemsChanged());
                      });
              if (!tv.getItems().isEmpty()) {
                itemsChanged();
              }
            }
          }
          if (listFrameNanos == 0
              && table != null
              && table.isVisible()
              && table.getItems().size() >= expected) {
            listFrameNanos = -1;
            Platform.runLater(
                () -> {
                  listFrameNanos = System.nanoTime();
                  shown.complete(null);
                });
          }
        };
    scene.addPostLayoutPulseListener(check);
    Platform.requestNextPulse();
  }

  private void itemsChanged() {
    long now = System.nanoTime();
    lastItemsChangeNanos = now;
    if (itemsArrivedNanos == 0 && table != null && table.getItems().size() >= expected) {
      itemsArrivedNanos = now;
    }
  }

  private static boolean statusSaysConnected(Scene scene) {
    for (Node n : scene.getRoot().lookupAll(".label")) {
      if (n instanceof Labeled l && l.getText() != null && l.getText().startsWith("Connected to")) {
        return true;
      }
    }
    return false;
  }

  private static TextField filterField(Scene scene) {
    for (Node n : scene.getRoot().lookupAll(".text-field")) {
      if (n instanceof TextField f && f.isVisible()) {
        String id = f.getId() == null ? "" : f.getId().toLowerCase(Locale.ROOT);
        String prompt = f.getPromptText() == null ? "" : f.getPromptText().toLowerCase(Locale.ROOT);
        if (id.contains("filter")
            || id.contains("search")
            || prompt.contains("filter")
            || prompt.contains("search")) {
          return f;
        }
      }
    }
    return null;
  }

  /**
   * Digits typed and erased: each keystroke narrows or widens the list of "App 00001"…"App 10000".
   */
  static List<String> plan() {
    List<String> keys = new ArrayList<>();
    for (String word : List.of("1234", "999", "5000", "77", "2468")) {
      for (char c : word.toCharArray()) {
        keys.add(String.valueOf(c));
      }
      for (int i = 0; i < word.length(); i++) {
        keys.add("\b");
      }
    }
    return keys;
  }

  private void keystrokes(Scene scene) throws Exception {
    CompletableFuture<TextField> found = new CompletableFuture<>();
    onFx(() -> found.complete(filterField(scene)));
    TextField field = found.get(10, TimeUnit.SECONDS);
    if (field == null) {
      result.put(
          "filter", "no filter field found (a TextField whose id or prompt says filter/search)");
      return;
    }
    onFx(field::requestFocus);
    List<Double> warm = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    onFx(
        () -> {
          scene.addPreLayoutPulseListener(() -> pulseStartNanos = System.nanoTime());
          scene.addPostLayoutPulseListener(() -> pulseLayoutEndNanos = System.nanoTime());
        });
    List<Map<String, Object>> trace = new ArrayList<>();
    int rounds = Integer.getInteger("probe.rounds", 4);
    boolean first = true;
    for (int round = 0; round < rounds; round++) {
      for (String key : plan()) {
        double ms = keystroke(scene, field, key);
        if (first) {
          result.put("first_keystroke_ms", ms);
          first = false;
        }
        (round == 0 ? warm : measured).add(ms);
        if (round > 0) {
          handlerMs.add(lastHandlerMs);
          layoutMs.add(lastLayoutMs);
        }
        if (round == rounds - 1) {
          Map<String, Object> step = new LinkedHashMap<>();
          step.put("text", field.getText());
          step.put("rows", table.getItems().size());
          step.put("ms", ms);
          trace.add(step);
        }
      }
    }
    result.put("filter_keystroke_ms", Stats.summary(measured));
    result.put("filter_warmup_round_ms", Stats.summary(warm));
    // The rounds above fire each key just after the frame that showed the last one, the worst
    // moment:
    // the result then waits a whole pulse (1/60 s) for the next frame, whatever the work. A
    // person's
    // keys land anywhere within a frame; these rounds wait a random 0-16.7 ms before each key.
    List<Double> typed = new ArrayList<>();
    int typedRounds = Integer.getInteger("probe.typedRounds", 3);
    for (int round = 0; round < typedRounds; round++) {
      for (String key : plan()) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(16_700_000L));
        typed.add(keystroke(scene, field, key));
      }
    }
    result.put("filter_keystroke_typed_ms", Stats.summary(typed));
    // Where a keystroke's time goes on the FX thread: the key events with the filtering they set
    // off
    // (handler), and the CSS and layout passes of the frame that shows the result
    // (pulse_css_layout).
    result.put("filter_handler_ms", Stats.summary(handlerMs));
    result.put("filter_pulse_css_layout_ms", Stats.summary(layoutMs));
    result.put("filter_last_round", trace);
  }

  /**
   * One key at the filter field; the time to the end of the first frame after the items changed.
   */
  private double keystroke(Scene scene, TextField field, String key) throws Exception {
    CompletableFuture<Double> done = new CompletableFuture<>();
    onFx(
        () -> {
          long before = lastItemsChangeNanos;
          long t0 = System.nanoTime();
          if (key.equals("\b")) {
            Event.fireEvent(
                field,
                new KeyEvent(
                    KeyEvent.KEY_PRESSED, "", "", KeyCode.BACK_SPACE, false, false, false, false));
            Event.fireEvent(
                field,
                new KeyEvent(
                    KeyEvent.KEY_RELEASED, "", "", KeyCode.BACK_SPACE, false, false, false, false));
          } else {
            KeyCode code = KeyCode.getKeyCode(key);
            Event.fireEvent(
                field,
                new KeyEvent(KeyEvent.KEY_PRESSED, "", key, code, false, false, false, false));
            Event.fireEvent(
                field,
                new KeyEvent(
                    KeyEvent.KEY_TYPED, key, "", KeyCode.UNDEFINED, false, false, false, false));
            Event.fireEvent(
                field,
                new KeyEvent(KeyEvent.KEY_RELEASED, "", key, code, false, false, false, false));
          }
          lastHandlerMs = (System.nanoTime() - t0) / 1e6;
          FirstFrame.when(
              scene,
              () -> lastItemsChangeNanos != before,
              () -> {
                lastLayoutMs = (pulseLayoutEndNanos - pulseStartNanos) / 1e6;
                done.complete((System.nanoTime() - t0) / 1e6);
              });
        });
    try {
      return Stats.round(done.get(5, TimeUnit.SECONDS));
    } catch (TimeoutException e) {
      return Double.NaN;
    }
  }

  /** With -XX:NativeMemoryTracking=summary, where the RSS goes, written beside the result. */
  private void nativeMemory() {
    if (!ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking"))) {
      return;
    }
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "vmNativeMemory",
                  new Object[] {new String[] {"summary"}},
                  new String[] {String[].class.getName()});
      Path nmt = out.resolveSibling(out.getFileName().toString().replace(".json", "") + "-nmt.txt");
      Files.writeString(nmt, String.valueOf(text));
    } catch (Exception e) {
      result.put("nmt_error", e.toString());
    }
  }

  private static double rssMb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Stats.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return Double.NaN;
  }

  private void findScene(CompletableFuture<Scene> found) {
    for (Window w : Window.getWindows()) {
      if (w.getScene() != null && !found.isDone()) {
        found.complete(w.getScene());
      }
    }
  }

  private static void waitForToolkit() throws InterruptedException {
    while (true) {
      try {
        Platform.runLater(() -> {});
        return;
      } catch (IllegalStateException notYet) {
        Thread.sleep(1);
      }
    }
  }

  private static void onFx(Runnable r) throws Exception {
    CompletableFuture<Void> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            r.run();
            f.complete(null);
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    f.get(30, TimeUnit.SECONDS);
  }

  private void write() throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.createDirectories(out.toAbsolutePath().getParent());
    json.writeValue(out.toFile(), result);
  }
}
