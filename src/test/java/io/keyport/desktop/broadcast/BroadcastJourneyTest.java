package io.keyport.desktop.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.App;
import io.keyport.api.Channel;
import io.keyport.api.NewApp;
import io.keyport.api.Scope;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.DesktopApp;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Controllers;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.token.TokensBlockController;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import io.keyport.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import org.controlsfx.control.CheckListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * UX.md step 9 end to end against a real embedded server: generate a token with {@code
 * public_messages} on the app's page → Send a broadcast… → create a channel → send → the card says
 * "sent by" the app; and a token without the scope leads to the checklist with it checked.
 */
class BroadcastJourneyTest {
  private static KeyportServer server;
  private static KeyportClient client;

  private final FxRobot robot = new FxRobot();
  private final FxLookups fx = new FxLookups(robot);
  private final List<String> opened = new CopyOnWriteArrayList<>();
  @TempDir Path config;
  private ExecutorService background;
  private Vault vault;
  private Session session;
  private App app;

  @BeforeAll
  static void startServer() throws Exception {
    FxToolkit.registerPrimaryStage();
    server = KeyportServer.start(ServerConfig.embedded(TestServers.newDataDir(), 0));
    client = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  @BeforeEach
  void mount() throws Exception {
    background = BackgroundExecutor.create();
    KeyportServer.LocalSession local = server.localSession("alice");
    session =
        new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
    app =
        session
            .client()
            .createApp(
                new NewApp(
                    "Radio " + UUID.randomUUID().toString().substring(0, 6),
                    "https://radio.example.com",
                    List.of("http://localhost:8000")))
            .app();
    vault = TestVaults.keychain(config);
    DesktopState state = new DesktopState();
    state.sessionProperty().set(session);
    Controllers controllers =
        new Controllers()
            .register(DesktopState.class, state)
            .register(Tasks.class, new Tasks(background))
            .register(Vault.class, vault)
            .register(Clock.class, Clock.systemUTC())
            .register(Links.class, (Links) opened::add)
            .register(SecretClipboard.class, (SecretClipboard) (secret, what) -> {})
            .register(ClipboardGuard.class, new ClipboardGuard(new Settings()));
    Views views = new Views(controllers);
    controllers.register(Views.class, views);
    FxToolkit.setupStage(
        stage -> {
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          Views.Loaded<TokensBlockController> loaded =
              views.load(TokensBlockController.class, "tokens-block.fxml");
          Scene scene = new Scene(loaded.root(), 760, 640);
          scene.getStylesheets().add(DesktopApp.class.getResource("keyport.css").toExternalForm());
          stage.setScene(scene);
          stage.setTitle("Tokens block");
          stage.show();
          loaded.controller().setApp(app);
        });
    fx.waitUntil(() -> fx.isShowing("Generate a user token for yourself"));
  }

  @AfterEach
  void closeEverything() throws Exception {
    FxToolkit.cleanupStages();
    background.shutdownNow();
    TestVaults.empty(vault);
  }

  /**
   * Generates the app's token with {@code scopes} through the checklist and closes the new-token
   * dialog.
   */
  private void generateToken(String... scopes) throws Exception {
    robot.clickOn("Generate a user token for yourself");
    CheckListView<Scope> list = scopesLoaded();
    WaitForAsyncUtils.asyncFx(
            () -> {
              for (String name : scopes) {
                list.getCheckModel()
                    .check(
                        list.getItems().stream()
                            .filter(s -> s.name().equals(name))
                            .findFirst()
                            .orElseThrow());
              }
            })
        .get();
    robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");
    robot.clickOn("#doneButton");
    fx.waitUntil(
        () -> fx.window("Your new access token") == null && fx.isShowing("#sendBroadcastButton"));
  }

  private CheckListView<Scope> scopesLoaded() throws Exception {
    fx.waitForWindow("Generate a user token");
    @SuppressWarnings("unchecked")
    CheckListView<Scope> list = robot.lookup("#scopeList").queryAs(CheckListView.class);
    fx.waitUntil(
        () ->
            !list.getItems().isEmpty()
                && !robot.lookup("#generateButton").queryButton().isDisabled());
    return list;
  }

  @Test
  void sendsABroadcastWithTheAppsTokenAndShowsItSentByTheApp() throws Exception {
    generateToken("public_messages");
    robot.clickOn("#sendBroadcastButton");
    fx.waitForWindow(BroadcastController.WINDOW_TITLE);
    fx.waitUntil(() -> fx.isShowing("#titleField"));
    assertThat(fx.isShowing("#scopeBox")).isFalse();

    robot.clickOn("#titleField").write("Releases");
    robot.clickOn("#descriptionField").write("What ships");
    robot.clickOn("#createChannelButton");
    @SuppressWarnings("unchecked")
    ComboBox<Channel> channels = robot.lookup("#channelBox").queryAs(ComboBox.class);
    fx.waitUntil(() -> channels.getValue() != null);
    assertThat(channels.getValue().title()).isEqualTo("Releases");

    robot.clickOn("#subjectField").write("Version 2 is out");
    assertThat(fx.showing("#subjectCount", Label.class).getText()).isEqualTo("16 / 256");
    robot.clickOn("#textArea").write("Faster start-up.");
    robot.clickOn("#linkField").write("https://radio.example.com/v2");
    robot.clickOn("#sendButton");
    fx.waitUntil(() -> fx.isShowing("#cardSentBy"));
    assertThat(fx.showing("#cardSentBy", Label.class).getText()).isEqualTo("sent by " + app.name());
    assertThat(fx.showing("#cardSubject", Label.class).getText()).isEqualTo("Version 2 is out");
    assertThat(fx.showing("#cardTime", Label.class).getText()).isNotBlank();
    String url = fx.showing("#cardUrl", Hyperlink.class).getText();
    assertThat(url)
        .isEqualTo(
            server.baseUrl() + "/stream/0/channels/" + channels.getValue().id() + "/messages");
    robot.clickOn("#cardUrl");
    assertThat(opened).containsExactly(url);
    fx.waitUntil(
        () ->
            fx.isShowing(
                "Version 2 is out — sent by "
                    + app.name()
                    + ", "
                    + fx.showing("#cardTime", Label.class).getText()));

    // What the server holds: read without a token, sent by the app (never the desktop's own
    // client).
    JsonNode message =
        Http.to(server.baseUrl())
            .get("/stream/0/channels/" + channels.getValue().id() + "/messages")
            .data()
            .get(0);
    assertThat(message.path("source").path("client_id").asText()).isEqualTo(app.clientId());
    assertThat(message.path("annotations").get(1).path("value").path("canonical_url").asText())
        .isEqualTo("https://radio.example.com/v2");
  }

  @Test
  void aTokenWithoutTheScopeLeadsToTheChecklistWithItChecked() throws Exception {
    generateToken("stream");
    robot.clickOn("#sendBroadcastButton");
    fx.waitForWindow(BroadcastController.WINDOW_TITLE);
    fx.waitUntil(() -> fx.isShowing("#scopeMessage"));
    assertThat(fx.showing("#scopeMessage", Label.class).getText())
        .contains("public_messages")
        .contains("basic, stream");
    assertThat(fx.isShowing("#sendButton")).isFalse();
    robot.clickOn("#generateScopeButton");
    CheckListView<Scope> list = scopesLoaded();
    assertThat(fx.window(BroadcastController.WINDOW_TITLE)).isNull();
    List<String> checked =
        WaitForAsyncUtils.asyncFx(
                () ->
                    list.getCheckModel().getCheckedItems().stream()
                        .map(Scope::name)
                        .sorted()
                        .toList())
            .get();
    assertThat(checked).containsExactly("basic", "public_messages", "stream");
  }
}
