package io.keyport.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.CreatedApp;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Secret;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.connect.TeamSignIn;
import io.keyport.desktop.session.Session;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Chromium;
import io.keyport.testing.TestServers;
import io.keyport.vault.Vault;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hand-off proven with a real browser: Debian's chromium (headless, driven by chromedriver) is
 * the system browser the sign-in flow opens; a person's part (sign in, Allow) is typed into the
 * server's pages, and chromium itself follows the redirect to Keyport's loopback listener. One
 * Try-sign-in journey for an app, and one team sign-in as keyport-desktop. Skips without chromium
 * (fails under KEYPORT_REQUIRE_ALL=1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChromiumSignInTest {
  static final String PASSWORD = "correct horse battery";

  KeyportServer server;
  KeyportClient anonymous;
  Chromium chromium;
  ChromeDriver driver;

  @BeforeAll
  void start() throws IOException {
    chromium = Chromium.start();
    driver = chromium.driver();
    server = TestServers.H2.start(c -> c.withSignup(true));
    anonymous = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (anonymous != null) {
      anonymous.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void noCookies() {
    if (chromium != null) {
      chromium.clearCookies();
    }
  }

  /**
   * chromium as the system browser: opening returns at once, as xdg-open does; the person's part
   * runs meanwhile in the browser, whose own navigation then reaches the loopback listener.
   */
  BrowserLauncher chromium(String username, CompletableFuture<Void> done) {
    return url ->
        CompletableFuture.runAsync(
                () -> {
                  driver.get(url.toString());
                  WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                  WebElement user =
                      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
                  user.sendKeys(username);
                  driver.findElement(By.id("password")).sendKeys(PASSWORD);
                  driver.findElement(By.id("sign-in")).click();
                  wait.until(ExpectedConditions.elementToBeClickable(By.id("allow"))).click();
                  wait.until(
                      ExpectedConditions.textToBePresentInElementLocated(
                          By.tagName("body"), "You can close this tab"));
                })
            .whenComplete(
                (ok, error) -> {
                  if (error != null) {
                    done.completeExceptionally(error);
                  } else {
                    done.complete(null);
                  }
                });
  }

  String user(String name) {
    anonymous.signUp(new NewUser(name, Secret.of(PASSWORD), null));
    return name;
  }

  @Test
  void trySignInHandsOffFromChromiumToTheLoopbackListener() throws Exception {
    String owner = user("chrome_owner");
    KeyportClient dev =
        anonymous.withToken(anonymous.passwordGrant(owner, Secret.of(PASSWORD)).accessToken());
    CreatedApp app =
        dev.createApp(
            new NewApp(
                "Chromium App",
                "https://example.com/chromium",
                List.of("http://127.0.0.1/callback")));
    CompletableFuture<Void> browserDone = new CompletableFuture<>();
    SignInFlow.Result result =
        new SignInFlow(anonymous, chromium(owner, browserDone), Duration.ofSeconds(60), s -> {})
            .run(
                new SignInFlow.Request(
                    app.clientId(),
                    app.clientSecret(),
                    URI.create("http://127.0.0.1/callback"),
                    true,
                    List.of("basic", "stream"),
                    app.callbackUrls()));
    browserDone.get();

    assertThat(driver.getCurrentUrl()).startsWith(result.redirectUri() + "?code=");
    assertThat(driver.findElement(By.tagName("body")).getText()).contains("You can close this tab");
    assertThat(anonymous.withToken(result.token().accessToken()).me().username()).isEqualTo(owner);
  }

  @Test
  void teamSignInThroughChromiumKeepsTheToken() throws Exception {
    String member = user("chrome_member");
    Vault vault = TestVaults.notUnderTest();
    CompletableFuture<Void> browserDone = new CompletableFuture<>();
    try (TeamSignIn team = new TeamSignIn(vault)) {
      Session session =
          team.signInWithBrowser(
              server.baseUrl(), chromium(member, browserDone), Duration.ofSeconds(60), s -> {});
      browserDone.get();
      assertThat(session.username()).isEqualTo(member);
      assertThat(driver.getCurrentUrl()).matches("http://127\\.0\\.0\\.1:\\d+/callback\\?code=.*");
      assertThat(vault.list())
          .singleElement()
          .satisfies(e -> assertThat(e.scopes()).contains("developer"));
      assertThat(session.client().me().username()).isEqualTo(member);
    }
  }
}
