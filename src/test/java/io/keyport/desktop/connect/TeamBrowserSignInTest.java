package io.keyport.desktop.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.NewUser;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.signin.FormBrowser;
import io.keyport.desktop.signin.FormBrowser.Decision;
import io.keyport.desktop.signin.SignInFailure;
import io.keyport.desktop.signin.SignInFlow.Step;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import io.keyport.testing.WebClient;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Team server sign-in through the browser (UX.md 15): keyport-desktop as a public client with PKCE
 * and a loopback redirect on a free port; the token goes to the vault; sign-out revokes it on the
 * server and removes it from the vault. The browser is played by {@link FormBrowser}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamBrowserSignInTest {
  static final String PASSWORD = "correct horse battery";
  KeyportServer server;
  KeyportClient anonymous;

  @BeforeAll
  void start() {
    server = TestServers.H2.start(c -> c.withSignup(true));
    anonymous = KeyportClient.create(server.baseUrl());
    anonymous.signUp(new NewUser("carol", Secret.of(PASSWORD), null));
    anonymous.signUp(new NewUser("dave", Secret.of(PASSWORD), null));
  }

  @AfterAll
  void stop() {
    anonymous.close();
    server.close();
  }

  @Test
  void signsInThroughTheBrowserKeepsTheTokenAndSignOutRevokesIt() throws Exception {
    Vault vault = TestVaults.notUnderTest();
    FormBrowser browser = new FormBrowser(server.baseUrl(), "carol", PASSWORD, Decision.ALLOW);
    List<Step> steps = new CopyOnWriteArrayList<>();
    try (TeamSignIn team = new TeamSignIn(vault)) {
      Session session =
          team.signInWithBrowser(server.baseUrl(), browser, Duration.ofSeconds(20), steps::add);

      assertThat(session.username()).isEqualTo("carol");
      Map<String, String> asked = WebClient.query(browser.opened.toString());
      assertThat(asked)
          .containsEntry("client_id", Scopes.DESKTOP_CLIENT_ID)
          .containsEntry("scope", "basic developer")
          .containsEntry("code_challenge_method", "S256");
      assertThat(asked.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback");
      assertThat(browser.callbackAnswer.status()).isEqualTo(200);
      List<VaultEntry> kept = vault.list();
      assertThat(kept)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.key().isSession()).isTrue();
                assertThat(e.key().account()).isEqualTo("carol");
                assertThat(e.scopes()).contains("developer");
              });
      Secret token = vault.read(kept.get(0).key()).orElseThrow();
      assertThat(anonymous.withToken(token).me().username()).isEqualTo("carol");
      assertThat(steps.toString())
          .doesNotContain(token.reveal())
          .contains("public client, no secret");
      // The new session is resumed from the vault, as the next launch would.
      assertThat(team.resume(server.baseUrl())).map(Session::username).hasValue("carol");

      team.signOut(session);
      assertThat(vault.list()).isEmpty();
      ApiException refused =
          catchThrowableOfType(() -> anonymous.withToken(token).me(), ApiException.class);
      assertThat(refused.status()).isEqualTo(401);
    }
  }

  @Test
  void denyingInTheBrowserLeavesNothingInTheVault() {
    Vault vault = TestVaults.notUnderTest();
    try (TeamSignIn team = new TeamSignIn(vault)) {
      SignInFailure failure =
          catchThrowableOfType(
              () ->
                  team.signInWithBrowser(
                      server.baseUrl(),
                      new FormBrowser(server.baseUrl(), "dave", PASSWORD, Decision.DENY),
                      Duration.ofSeconds(20),
                      s -> {}),
              SignInFailure.class);
      assertThat(failure.reason()).isEqualTo(SignInFailure.Reason.ACCESS_DENIED);
      assertThat(vault.list()).isEmpty();
    }
  }
}
