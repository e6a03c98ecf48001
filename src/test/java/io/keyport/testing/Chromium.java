package io.keyport.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven by chromedriver, with a profile of its own in a temporary
 * folder: the real browser of the browser tests. {@link #start} skips the test without {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver} (fails under KEYPORT_REQUIRE_ALL=1).
 */
public final class Chromium implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A headless chromium with a 900x1000 window, English, no background traffic. */
  public static Chromium start() throws IOException {
    Requirements.require(
        Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "a browser: /usr/bin/chromium and /usr/bin/chromedriver (Debian: chromium chromium-driver)");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    Path profile = Files.createTempDirectory("keyport-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=900,1000",
        "--lang=en-US");
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Chromium(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Forgets every cookie of every site (deleteAllCookies sees only the current page's path, not
   * /oauth's).
   */
  public void clearCookies() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  /** Quits the browser and removes its profile. */
  @Override
  public void close() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(Chromium::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // chromium may still be writing its last files: the temporary folder is the OS's to clean
    }
  }
}
