package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.client.KeyportClient;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Requirements;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real desktop (the front door, {@code io.keyport.Keyport}, in a child JVM on JavaFX's GTK
 * platform, not Monocle) on a virtual X display with a real window manager (Xvfb + openbox), driven
 * by xdotool as a person would: the window opens at its designed size, and Create an App opened by
 * Ctrl+N takes what is typed right away in Name. Under Monocle both looked right while openbox
 * opened the window at its minimum and gave the dialog's Create button the keyboard.
 */
class RealWindowManagerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(180);

  /** Long enough for a window to settle or a dialog to close on a busy machine. */
  private static final Duration SETTLING = Duration.ofSeconds(30);

  private static final Pattern GEOMETRY = Pattern.compile("Geometry: (\\d+)x(\\d+)");
  private static final Pattern MINIMUM =
      Pattern.compile("program specified minimum size: (\\d+) by (\\d+)");

  @TempDir Path home;
  private final List<Process> started = new ArrayList<>();
  private final List<String> appOutput = new CopyOnWriteArrayList<>();
  private String display;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (int i = started.size() - 1; i >= 0; i--) {
      Process p = started.get(i);
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void opensAtItsDesignedSizeAndCreateAnAppTakesTypingInName() throws Exception {
    for (String tool : List.of("Xvfb", "openbox", "xdotool", "xprop")) {
      Requirements.require(
          onPath(tool), tool + " (Debian packages xvfb, openbox, xdotool, x11-utils)");
    }
    startDisplayWithWindowManager();
    Path config = home.resolve("config");
    Path data = home.resolve("data");
    Process app = startDesktop(config, data);

    String window = waitFor("the Keyport window", () -> windowNamed("Keyport"));
    waitFor(
        "the app list",
        () ->
            appOutput.stream().anyMatch(l -> l.contains("GET /account/0/apps 200"))
                ? Optional.of(true)
                : Optional.empty());
    // as the window manager has it, once the window has settled
    String opened =
        within(SETTLING, () -> Optional.of(geometry(window)).filter("980x700"::equals))
            .orElse(geometry(window));

    xdotool("windowactivate", "--sync", window);
    xdotool("key", "--clearmodifiers", "ctrl+n");
    waitFor("Create an App", () -> windowNamed("Create an App"));
    // typed right after it opened: all of it must land in Name
    xdotool("type", "--delay", "40", "Walk Demo");
    xdotool("key", "Tab");
    xdotool("type", "--delay", "20", "https://example.com");
    xdotool("key", "Return");
    boolean closed =
        within(
                SETTLING,
                () -> windowNamed("Create an App").isEmpty() ? Optional.of(true) : Optional.empty())
            .isPresent();
    if (!closed) {
      xdotool("key", "Escape");
    }
    String afterCreate = geometry(window);

    // the new app's detail page; its tokens block's link "Generate a user token for yourself" is
    // reached from the keyboard: Tab twice lands in Website, then back through Name, "← Your Apps",
    // round to "Delete app…", "Try sign-in…" and the link (Save is disabled while nothing changed,
    // What's next is hidden while no token is kept); Space follows it
    waitFor(
        "the new app's detail page",
        () ->
            appOutput.stream()
                .filter(l -> l.contains("GET /account/0/apps/") && l.contains(" 200 "))
                .findFirst());
    xdotool("windowactivate", "--sync", window);
    xdotool(
        "key",
        "Tab",
        "Tab",
        "shift+Tab",
        "shift+Tab",
        "shift+Tab",
        "shift+Tab",
        "shift+Tab",
        "space");
    String scopes = waitFor("Generate a user token", () -> windowNamed("Generate a user token"));
    String scopesSize =
        within(
                SETTLING,
                () -> Optional.of(geometry(scopes)).filter(RealWindowManagerTest::fitsTheScreen))
            .orElse(geometry(scopes));
    // CI saw it at GTK's 200x200 now and then, configured so after it was shown: the window
    // manager holds its designed size as its minimum, so a resize to 200x200 is refused (or grows
    // back), while a person may still make it larger
    String scopesMinimum = minimumSize(scopes);
    xdotool("windowsize", scopes, "200", "200");
    // (a moment for the window manager to act on it: before the fix it stayed 200x200)
    within(Duration.ofSeconds(2), () -> Optional.of(geometry(scopes)).filter("200x200"::equals));
    String scopesShrunk =
        within(
                SETTLING,
                () -> Optional.of(geometry(scopes)).filter(RealWindowManagerTest::fitsTheScreen))
            .orElse(geometry(scopes));
    xdotool("windowsize", scopes, "1000", "760");
    String scopesLarger =
        within(SETTLING, () -> Optional.of(geometry(scopes)).filter("1000x760"::equals))
            .orElse(geometry(scopes));
    xdotool("key", "Escape");
    boolean scopesClosed =
        within(
                SETTLING,
                () ->
                    windowNamed("Generate a user token").isEmpty()
                        ? Optional.of(true)
                        : Optional.empty())
            .isPresent();

    // Server → Connect to a team server… by mouse (the menu bar's third menu, its first item): it
    // came up at GTK's 200x200 once
    xdotool("windowactivate", "--sync", window);
    // (the menu's popup is a window of its own, mapped a moment after the click)
    xdotool(
        "mousemove",
        "--window",
        window,
        "180",
        "20",
        "click",
        "1",
        "sleep",
        "1",
        "mousemove",
        "--window",
        window,
        "260",
        "57",
        "click",
        "1");
    String connect =
        waitFor("Connect to a team server", () -> windowNamed("Connect to a team server"));
    String connectSize =
        within(
                SETTLING,
                () -> Optional.of(geometry(connect)).filter(RealWindowManagerTest::fitsItsContent))
            .orElse(geometry(connect));
    String connectMinimum = minimumSize(connect);
    xdotool("key", "Escape");

    xdotool("windowactivate", "--sync", window);
    xdotool("key", "--clearmodifiers", "ctrl+q");
    assertThat(app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .as("the app quits on Ctrl+Q")
        .isTrue();

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(opened).as("the main window's size as it opened").isEqualTo("980x700");
    soft.assertThat(afterCreate)
        .as("the main window's size after Create an App")
        .isEqualTo("980x700");
    soft.assertThat(closed).as("Create an App closed by Enter after the form was typed").isTrue();
    soft.assertThat(appsIn(data.resolve("keyport")))
        .extracting(App::name)
        .as("the apps created")
        .containsExactly("Walk Demo");
    // the size is remembered for the next launch
    Path settings = config.resolve("keyport").resolve("settings.json");
    soft.assertThat(
            Files.isRegularFile(settings) ? Files.readString(settings) : "(no settings file)")
        .contains("\"windowWidth\" : 980.0")
        .contains("\"windowHeight\" : 700.0");
    soft.assertThat(scopesSize)
        .as("the scope dialog's size")
        .matches(
            RealWindowManagerTest::fitsTheScreen, "at least 600 wide, within the 1280x800 screen");
    soft.assertThat(scopesMinimum)
        .as("the scope dialog's minimum size, as the window manager has it")
        .matches(
            RealWindowManagerTest::fitsTheScreen, "at least 600 wide, within the 1280x800 screen");
    soft.assertThat(scopesShrunk)
        .as("the scope dialog's size after a resize to 200x200")
        .matches(
            RealWindowManagerTest::fitsTheScreen, "at least 600 wide, within the 1280x800 screen");
    soft.assertThat(scopesLarger)
        .as("the scope dialog's size after a resize to 1000x760")
        .isEqualTo("1000x760");
    soft.assertThat(scopesClosed).as("the scope dialog closed by Escape").isTrue();
    soft.assertThat(connectSize)
        .as("the Connect dialog's size")
        .matches(RealWindowManagerTest::fitsItsContent, "at least 480x300");
    soft.assertThat(connectMinimum)
        .as("the Connect dialog's minimum size, as the window manager has it")
        .matches(RealWindowManagerTest::fitsItsContent, "at least 480x300");
    soft.assertThat(appOutput).noneMatch(line -> line.contains("Gtk-CRITICAL"));
    soft.assertAll();
  }

  /**
   * Xvfb on a display number it picks itself (several test runs share the machine), then openbox.
   */
  private void startDisplayWithWindowManager() throws Exception {
    Process xvfb =
        start(
            new ProcessBuilder(
                    "Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD));
    BufferedReader out =
        new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
    String number = out.readLine();
    assertThat(number).as("Xvfb's display number").isNotNull().matches("\\d+");
    display = ":" + number;
    Path ready = home.resolve("openbox-ready");
    ProcessBuilder openbox =
        new ProcessBuilder("openbox", "--startup", "touch " + ready)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    environment(openbox);
    start(openbox);
    waitFor("openbox", () -> Files.exists(ready) ? Optional.of(true) : Optional.empty());
  }

  /**
   * The front door with no arguments, as a person starts it; its own folders, no keychain session.
   */
  private Process startDesktop(Path config, Path data) throws IOException {
    // the app's classes and libraries, not the tests' (their logging settings keep the request log
    // quiet)
    String classpath =
        Stream.of(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder desktop =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "-Dglass.platform=gtk",
                "-Dprism.order=sw",
                "io.keyport.Keyport")
            .redirectErrorStream(true);
    environment(desktop);
    desktop.environment().put("XDG_CONFIG_HOME", config.toString());
    desktop.environment().put("XDG_DATA_HOME", data.toString());
    desktop.environment().remove("DBUS_SESSION_BUS_ADDRESS");
    Process app = start(desktop);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  appOutput.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "desktop-output");
    reader.setDaemon(true);
    reader.start();
    return app;
  }

  /** The apps of the OS user in the embedded server's data folder (the desktop has quit). */
  private static List<App> appsIn(Path dataDir) {
    try (KeyportServer server = KeyportServer.start(ServerConfig.embedded(dataDir, 0));
        KeyportClient client = KeyportClient.create(server.baseUrl())) {
      KeyportServer.LocalSession local = server.localSession(System.getProperty("user.name"));
      return client.withToken(local.token()).listAllApps();
    }
  }

  private void environment(ProcessBuilder builder) {
    Map<String, String> env = builder.environment();
    env.put("DISPLAY", display);
    env.remove("WAYLAND_DISPLAY");
  }

  private Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /**
   * The id of the window titled exactly {@code title} (letters and spaces: xdotool takes a POSIX
   * regex).
   */
  private Optional<String> windowNamed(String title) {
    String found = xdotoolQuiet("search", "--onlyvisible", "--name", "^" + title + "$");
    return found.lines().map(String::strip).filter(l -> l.matches("\\d+")).findFirst();
  }

  /**
   * "980x700": the window's size as the X server and the window manager have it (without the
   * frame).
   */
  private String geometry(String window) {
    Matcher m = GEOMETRY.matcher(xdotoolQuiet("getwindowgeometry", window));
    return m.find() ? m.group(1) + "x" + m.group(2) : "unknown";
  }

  /**
   * "600x540": the smallest size the window asks the window manager for (its WM_NORMAL_HINTS, as
   * xprop reads them), or "none".
   */
  private String minimumSize(String window) {
    Matcher m = MINIMUM.matcher(quietly("xprop", "-id", window, "WM_NORMAL_HINTS"));
    return m.find() ? m.group(1) + "x" + m.group(2) : "none";
  }

  private void xdotool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("xdotool"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    environment(builder);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("xdotool " + String.join(" ", args) + ": " + out).isZero();
  }

  /** xdotool's output, or "" when it failed (a window may vanish while it looks). */
  private String xdotoolQuiet(String... args) {
    return quietly("xdotool", args);
  }

  /** What {@code tool} printed, or "" if it failed or did not finish in 30 s. */
  private String quietly(String tool, String... args) {
    try {
      List<String> command = new ArrayList<>(List.of(tool));
      command.addAll(List.of(args));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      environment(builder);
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  /** Polls {@code check} for at most {@code time}; empty if it gave nothing by then. */
  private static <T> Optional<T> within(Duration time, Supplier<Optional<T>> check)
      throws InterruptedException {
    Instant until = Instant.now().plus(time);
    while (Instant.now().isBefore(until)) {
      Optional<T> value = check.get();
      if (value.isPresent()) {
        return value;
      }
      Thread.sleep(200);
    }
    return check.get();
  }

  /**
   * Polls {@code check} until it gives a value, failing after {@link #PATIENCE} with the app's
   * output.
   */
  private <T> T waitFor(String what, Supplier<Optional<T>> check) throws InterruptedException {
    Instant until = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(until)) {
      Optional<T> value = check.get();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "waited "
            + PATIENCE.toSeconds()
            + " s for "
            + what
            + " on display "
            + display
            + "; the desktop said:\n"
            + String.join("\n", appOutput));
  }

  /** The Connect dialog shows all of itself: 500 wide by design, its fields and buttons. */
  private static boolean fitsItsContent(String size) {
    Matcher m = Pattern.compile("(\\d+)x(\\d+)").matcher(size);
    return m.matches()
        && Integer.parseInt(m.group(1)) >= 480
        && Integer.parseInt(m.group(2)) >= 300;
  }

  /**
   * "WxH" at least as wide as scopes.fxml asks (600; not GTK's 200x200 of a window resized to a
   * size of 0), with a height above 0, within the 1280x800 screen.
   */
  private static boolean fitsTheScreen(String size) {
    Matcher m = Pattern.compile("(\\d+)x(\\d+)").matcher(size);
    return m.matches()
        && Integer.parseInt(m.group(1)) >= 600
        && Integer.parseInt(m.group(1)) <= 1280
        && Integer.parseInt(m.group(2)) > 0
        && Integer.parseInt(m.group(2)) <= 800;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
