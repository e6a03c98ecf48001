package io.keyport.desktop.authorized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.AccessToken;
import io.keyport.api.Authorization;
import io.keyport.api.CreatedApp;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.DesktopApp;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.SettingsStore;
import io.keyport.desktop.signin.FormBrowser;
import io.keyport.desktop.signin.FormBrowser.Decision;
import io.keyport.desktop.signin.SignInFlow;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Keyport → Authorized apps against a real server: erin signed in to frank's app through the web
 * flow; the screen lists it (name, website, scopes, last used) and Revoke access, after a
 * confirmation, stops erin's token for that app on the server and drops the row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizedAppsTest {
  static final String PASSWORD = "correct horse battery";
  final FxRobot robot = new FxRobot();
  final FxLookups fx = new FxLookups(robot);
  final ExecutorService background = BackgroundExecutor.create();
  KeyportServer server;
  KeyportClient anonymous;

  @BeforeAll
  void start() throws Exception {
    FxToolkit.registerPrimaryStage();
    server = TestServers.H2.start(c -> c.withSignup(true));
    anonymous = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  void stop() throws Exception {
    FxToolkit.cleanupStages();
    background.shutdownNow();
    anonymous.close();
    server.close();
  }

  @Test
  void listsTheAppsHoldingTokensAndRevokesAccess() throws Exception {
    anonymous.signUp(new NewUser("frank", Secret.of(PASSWORD), null));
    anonymous.signUp(new NewUser("erin", Secret.of(PASSWORD), null));
    KeyportClient frank =
        anonymous.withToken(anonymous.passwordGrant("frank", Secret.of(PASSWORD)).accessToken());
    CreatedApp app =
        frank.createApp(
            new NewApp(
                "Weather Bot",
                "https://weather.example.com",
                List.of("http://127.0.0.1/callback")));
    SignInFlow.Result signedIn =
        new SignInFlow(
                anonymous,
                new FormBrowser(server.baseUrl(), "erin", PASSWORD, Decision.ALLOW),
                Duration.ofSeconds(20),
                s -> {})
            .run(
                new SignInFlow.Request(
                    app.clientId(),
                    app.clientSecret(),
                    URI.create("http://127.0.0.1/callback"),
                    true,
                    List.of("basic", "stream"),
                    app.callbackUrls()));
    AccessToken appToken = signedIn.token();
    KeyportClient erin =
        anonymous.withToken(anonymous.passwordGrant("erin", Secret.of(PASSWORD)).accessToken());
    assertThat(anonymous.withToken(appToken.accessToken()).me().username()).isEqualTo("erin");

    Session session = new Session(server.baseUrl(), "erin", false, erin);
    Connector connector = () -> session;
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(
                stage,
                new DesktopApp.Parts(connector, new Tasks(background), TestVaults.notUnderTest())
                    .withSettings(DesktopHarness.quick(), SettingsStore.inMemory())));
    fx.waitUntil(() -> fx.isShowing("#statusLine"));

    robot.clickOn("Keyport");
    robot.clickOn("Authorized apps…");
    fx.waitForWindow("Authorized apps");
    @SuppressWarnings("unchecked")
    TableView<Authorization> table = fx.in("Authorized apps", "#table", TableView.class);
    fx.waitUntil(() -> table.getItems().size() == 1);
    // the rows' cells render on a later pulse than the items arrive
    fx.waitUntil(
        () ->
            fx.isShowing("Weather Bot")
                && fx.isShowing("https://weather.example.com")
                && fx.isShowing("basic, stream"));
    Button revoke = fx.in("Authorized apps", "#revokeButton", Button.class);
    assertThat(revoke.isDisabled()).isTrue();

    robot.clickOn("Weather Bot");
    fx.waitUntil(() -> !revoke.isDisabled());
    robot.clickOn(revoke);
    fx.waitUntil(() -> fx.window("Revoke access") != null);
    Button confirm =
        robot.lookup(".dialog-pane .button").queryAllAs(Button.class).stream()
            .filter(b -> "Revoke access".equals(b.getText()))
            .findFirst()
            .orElseThrow();
    robot.clickOn(confirm);

    fx.waitUntil(() -> table.getItems().isEmpty());
    fx.waitUntil(() -> fx.isShowing("Access revoked: Weather Bot can no longer act for you."));
    assertThat(erin.authorizations()).isEmpty();
    ApiException refused =
        catchThrowableOfType(
            () -> anonymous.withToken(appToken.accessToken()).me(), ApiException.class);
    assertThat(refused.status()).isEqualTo(401);
    // erin's own desktop sign-in is untouched
    assertThat(erin.me().username()).isEqualTo("erin");
  }
}
