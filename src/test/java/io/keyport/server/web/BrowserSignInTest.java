package io.keyport.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Chromium;
import io.keyport.testing.Http;
import io.keyport.testing.Pkce;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web sign-in pages in a real browser (Debian's chromium, headless, driven by chromedriver), as
 * users meet them: sign in, consent, back to the app's loopback listener with a code, exchange;
 * deny; a wrong password; a form without its CSRF token; a page that tries to frame sign-in;
 * keyboard only. Also takes the docs' screenshots (light and dark). Needs /usr/bin/chromium and
 * /usr/bin/chromedriver; without them the test skips (fails under KEYPORT_REQUIRE_ALL=1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSignInTest {
  static final String PASSWORD = "correct horse battery";
  private static final AtomicInteger SEQ = new AtomicInteger();

  KeyportServer server;
  Http http;
  Chromium chromium;
  ChromeDriver driver;
  HttpServer listener;
  final BlockingQueue<String> callbacks = new LinkedBlockingQueue<>();
  String callbackBase;

  @BeforeAll
  void start() throws IOException {
    chromium = Chromium.start();
    driver = chromium.driver();
    server =
        TestServers.H2.start(c -> c.withSignup(true).withLimits(1_000_000, 1_000_000, 1_000_000));
    http = Http.to(server.baseUrl());

    // The app's side: a loopback listener for the redirect, as a desktop or CLI app runs one.
    listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    listener.createContext(
        "/callback",
        exchange -> {
          callbacks.add(exchange.getRequestURI().toString());
          byte[] body =
              "<!DOCTYPE html><title>Back in the app</title><h1 id=app>Back in the app</h1>"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    listener.createContext(
        "/framer",
        exchange -> {
          String target =
              server.baseUrl() + "/oauth/authenticate?" + exchange.getRequestURI().getRawQuery();
          byte[] body =
              ("<!DOCTYPE html><title>Framer</title><h1>Another site</h1><iframe id=victim src=\""
                      + target.replace("&", "&amp;")
                      + "\" width=600 height=400></iframe>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    listener.start();
    callbackBase = "http://127.0.0.1:" + listener.getAddress().getPort();
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (listener != null) {
      listener.stop(0);
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshBrowserState() {
    if (chromium != null) {
      chromium.clearCookies();
      colorScheme("light");
    }
  }

  record App(String username, String clientId, String clientSecret) {}

  /** A user and their app, whose callback URL is http://127.0.0.1/callback (any port: RFC 8252). */
  App app(String name) {
    String username = "browser_" + SEQ.incrementAndGet();
    Http.Response signUp =
        http.postJson(
            "/account/0/users",
            "{\"username\": \"" + username + "\", \"password\": \"" + PASSWORD + "\"}");
    assertThat(signUp.status()).as(signUp.toString()).isEqualTo(200);
    Http.Response grant =
        http.postForm(
            "/oauth/access_token",
            "grant_type=password&client_id=keyport-desktop"
                + "&username="
                + username
                + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    String dev = grant.json().path("access_token").asText();
    Http.Response created =
        http.bearer(dev)
            .postJson(
                "/account/0/apps",
                "{\"name\": \""
                    + name
                    + "\","
                    + " \"website\": \"https://photos.example.com\", \"callback_urls\": [\"http://127.0.0.1/callback\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    return new App(
        username,
        created.data().path("client_id").asText(),
        created.data().path("client_secret").asText());
  }

  String authorizeUrl(App app, String scope, Pkce pkce, String state) {
    return server.baseUrl()
        + "/oauth/authenticate?"
        + WebClient.encode(
            Map.of(
                "client_id",
                app.clientId(),
                "response_type",
                "code",
                "redirect_uri",
                callbackBase + "/callback",
                "scope",
                scope,
                "state",
                state,
                "code_challenge",
                pkce.challenge(),
                "code_challenge_method",
                "S256"));
  }

  String nextCallback() {
    try {
      String url = callbacks.poll(30, TimeUnit.SECONDS);
      assertThat(url).as("the browser came back to the app's listener").isNotNull();
      return url;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  WebElement waitFor(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              List<WebElement> found = d.findElements(by);
              return found.isEmpty() ? null : found.get(0);
            });
  }

  /** Waits until the first element {@code by} finds reads {@code text}, across page loads. */
  boolean waitForText(By by, String text) {
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              List<WebElement> found = d.findElements(by);
              return !found.isEmpty() && text.equals(found.get(0).getText());
            });
  }

  void signIn(String username, String password) {
    WebElement user = waitFor(By.id("username"));
    user.clear();
    user.sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
  }

  void colorScheme(String scheme) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  @Test
  void signInConsentBackToTheAppWithACodeThatBuysAWorkingToken() throws IOException {
    App app = app("Photo Printer");
    Pkce pkce = Pkce.fresh();
    driver.get(authorizeUrl(app, "stream write_post export", pkce, "journey-1"));
    assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Sign in to Keyport");
    assertThat(driver.getPageSource()).contains("Photo Printer");
    screenshot("web-signin");
    signIn(app.username(), PASSWORD);

    WebElement allow = waitFor(By.id("allow"));
    String page = driver.findElement(By.tagName("main")).getText();
    assertThat(page)
        .contains("Authorize Photo Printer")
        .contains("https://photos.example.com")
        .contains("registered by " + app.username())
        .contains("Read your stream.")
        .contains("Think twice");
    assertThat(driver.findElement(By.id("scope-export")).getText())
        .contains("new")
        .contains("sensitive");
    screenshot("web-consent");
    allow.click();

    Map<String, String> back = WebClient.query(nextCallback());
    assertThat(waitFor(By.id("app")).getText()).isEqualTo("Back in the app");
    assertThat(back)
        .containsEntry("state", "journey-1")
        .containsKey("code")
        .doesNotContainKey("error");
    Http.Response token =
        http.postForm(
            "/oauth/access_token",
            WebClient.encode(
                Map.of(
                    "grant_type",
                    "authorization_code",
                    "code",
                    back.get("code"),
                    "redirect_uri",
                    callbackBase + "/callback",
                    "code_verifier",
                    pkce.verifier(),
                    "client_id",
                    app.clientId(),
                    "client_secret",
                    app.clientSecret())));
    assertThat(token.status()).as(token.toString()).isEqualTo(200);
    JsonNode me =
        http.bearer(token.json().path("access_token").asText()).get("/stream/0/users/me").data();
    assertThat(me.path("username").asText()).isEqualTo(app.username());

    // Consent remembered: the next sign-in from this app goes straight back.
    driver.get(authorizeUrl(app, "stream", Pkce.fresh(), "journey-2"));
    assertThat(WebClient.query(nextCallback()))
        .containsEntry("state", "journey-2")
        .containsKey("code");
  }

  @Test
  void denyTakesTheUserBackWithAccessDenied() {
    App app = app("Deny Me");
    driver.get(authorizeUrl(app, "stream", Pkce.fresh(), "deny-1"));
    signIn(app.username(), PASSWORD);
    waitFor(By.id("deny")).click();
    Map<String, String> back = WebClient.query(nextCallback());
    assertThat(back)
        .containsEntry("error", "access_denied")
        .containsEntry("state", "deny-1")
        .doesNotContainKey("code");
  }

  @Test
  void aWrongPasswordShowsTheErrorAndKeepsTheUsername() {
    App app = app("Typo App");
    driver.get(authorizeUrl(app, "stream", Pkce.fresh(), "typo"));
    signIn(app.username(), "not my password");
    assertThat(waitFor(By.id("error")).getText()).isEqualTo("The username or password is wrong.");
    assertThat(driver.findElement(By.id("username")).getDomProperty("value"))
        .isEqualTo(app.username());
    assertThat(driver.findElement(By.id("password")).getDomProperty("value")).isEmpty();
    assertThat(driver.switchTo().activeElement().getDomAttribute("id"))
        .as("focus waits in the password field")
        .isEqualTo("password");
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.id("sign-in")).click();
    assertThat(waitFor(By.id("allow")).isDisplayed()).isTrue();
  }

  @Test
  void aFormWithoutItsCsrfTokenIsRefused() {
    App app = app("Forged");
    driver.get(authorizeUrl(app, "stream", Pkce.fresh(), "csrf"));
    waitFor(By.id("username"));
    ((JavascriptExecutor) driver)
        .executeScript("document.querySelector('input[name=csrf]').remove()");
    signIn(app.username(), PASSWORD);
    // The sign-in page has an h1 too: wait for the refusal's, not the page being left.
    assertThat(waitForText(By.tagName("h1"), "Cannot continue")).isTrue();
    assertThat(driver.findElement(By.id("message")).getText())
        .contains("did not come from this site");
    assertThat(driver.manage().getCookieNamed("keyport_session")).isNull();
    assertThat(callbacks).isEmpty();
  }

  @Test
  void theSignInPageCannotBeFramed() {
    App app = app("Framed");
    String query = authorizeUrl(app, "stream", Pkce.fresh(), "frame").split("\\?", 2)[1];
    driver.get(callbackBase + "/framer?" + query);
    waitFor(By.id("victim"));
    driver.switchTo().frame("victim");
    String inside = driver.getPageSource();
    driver.switchTo().defaultContent();
    assertThat(inside).doesNotContain("Sign in to Keyport").doesNotContain("name=\"password\"");
  }

  @Test
  void keyboardOnlyTabOrderAndEnterSubmits() {
    App app = app("Keyboard App");
    driver.get(authorizeUrl(app, "stream", Pkce.fresh(), "keys"));
    waitFor(By.id("username"));
    WebElement focused = driver.switchTo().activeElement();
    assertThat(focused.getDomAttribute("id"))
        .as("the username has the focus")
        .isEqualTo("username");
    focused.sendKeys(app.username());
    focused.sendKeys(Keys.TAB);
    focused = driver.switchTo().activeElement();
    assertThat(focused.getDomAttribute("id")).isEqualTo("password");
    focused.sendKeys(PASSWORD);
    focused.sendKeys(Keys.TAB);
    assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("sign-in");
    driver.switchTo().activeElement().sendKeys(Keys.SHIFT, Keys.TAB);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER); // Enter in the password field submits

    waitFor(By.id("allow"));
    List<String> order = new ArrayList<>();
    driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    for (int i = 0; i < 4; i++) {
      WebElement el = driver.switchTo().activeElement();
      order.add(el.getTagName() + "#" + Objects.toString(el.getDomAttribute("id"), ""));
      if ("allow".equals(el.getDomAttribute("id"))) {
        break;
      }
      el.sendKeys(Keys.TAB);
    }
    assertThat(order).containsExactly("a#", "button#deny", "button#allow");
    driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    assertThat(WebClient.query(nextCallback())).containsEntry("state", "keys").containsKey("code");
  }

  @Test
  void darkModeAndAPhoneSizedWindow() throws IOException {
    App app = app("Night Owl");
    colorScheme("dark");
    driver.get(authorizeUrl(app, "stream messages export", Pkce.fresh(), "dark"));
    waitFor(By.id("username"));
    String background =
        (String)
            ((JavascriptExecutor) driver)
                .executeScript("return getComputedStyle(document.body).backgroundColor");
    assertThat(background).isEqualTo("rgb(22, 27, 34)"); // AtlantaFX Primer Dark's bg-subtle
    screenshot("web-signin-dark");
    signIn(app.username(), PASSWORD);
    waitFor(By.id("allow"));
    screenshot("web-consent-dark");

    colorScheme("light");
    Dimension before = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(390, 844));
    try {
      Object scrollWidth =
          ((JavascriptExecutor) driver)
              .executeScript("return document.documentElement.scrollWidth");
      Object clientWidth =
          ((JavascriptExecutor) driver)
              .executeScript("return document.documentElement.clientWidth");
      assertThat(((Number) scrollWidth).longValue())
          .as("no sideways scrolling on a phone")
          .isLessThanOrEqualTo(((Number) clientWidth).longValue());
      assertThat(driver.findElement(By.id("allow")).isDisplayed()).isTrue();
      screenshot("web-consent-phone");
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  /**
   * A screenshot into target/screenshots; with -Dkeyport.screenshots=DIR (the docs:
   * src/site/resources/images) also there.
   */
  void screenshot(String name) throws IOException {
    Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "screenshots");
    Files.createDirectories(target);
    Files.copy(shot, target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    String docs = System.getProperty("keyport.screenshots");
    if (docs != null) {
      Files.copy(shot, Path.of(docs).resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
