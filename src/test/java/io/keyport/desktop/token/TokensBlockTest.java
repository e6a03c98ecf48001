package io.keyport.desktop.token;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.keyport.api.App;
import io.keyport.api.NewApp;
import io.keyport.api.Scope;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.api.TokenFormat;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.DesktopApp;
import io.keyport.desktop.FxLookups;
import io.keyport.desktop.TestVaults;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.Controllers;
import io.keyport.desktop.fx.Dates;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.scopes.Expiry;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.NoKeychain;
import io.keyport.desktop.session.SecretClipboard;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.Settings;
import io.keyport.launch.UserFolders;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Paint;
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
 * The token journey on an app's page against a real server: the scope checklist, the new token kept
 * in the vault, regenerating (the old token stops working), Test and Revoke.
 */
class TokensBlockTest {
  private static final String NEW_TOKEN = "Your new access token";
  private static KeyportServer server;
  private static KeyportClient client;
  private static Path dataDir;

  private final FxRobot robot = new FxRobot();
  private final FxLookups fx = new FxLookups(robot);
  private final List<String> opened = new CopyOnWriteArrayList<>();
  private final List<String> copied = new CopyOnWriteArrayList<>();
  @TempDir Path config;
  private ExecutorService background;
  private Vault vault;
  private Session session;
  private App app;
  private TokensBlockController block;

  @BeforeAll
  static void startServer() throws Exception {
    FxToolkit.registerPrimaryStage();
    dataDir = TestServers.newDataDir();
    server = KeyportServer.start(ServerConfig.embedded(dataDir, 0));
    client = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  static void stopServer() {
    client.close();
    server.close();
  }

  @BeforeEach
  void signIn() throws Exception {
    background = BackgroundExecutor.create();
    KeyportServer.LocalSession local = server.localSession("alice");
    session =
        new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
    app =
        session
            .client()
            .createApp(
                new NewApp(
                    "Token test " + UUID.randomUUID().toString().substring(0, 8),
                    "https://example.com",
                    List.of("http://localhost:8000")))
            .app();
  }

  /** Shows the tokens block of {@code app}, keeping tokens in {@code kept}. */
  private void mount(Vault kept) throws Exception {
    vault = kept;
    DesktopState state = new DesktopState();
    state.sessionProperty().set(session);
    Controllers controllers =
        new Controllers()
            .register(DesktopState.class, state)
            .register(Tasks.class, new Tasks(background))
            .register(Vault.class, vault)
            .register(Clock.class, Clock.systemUTC())
            .register(Links.class, (Links) opened::add)
            .register(SecretClipboard.class, (SecretClipboard) (secret, what) -> copied.add(secret))
            .register(ClipboardGuard.class, new ClipboardGuard(new Settings()));
    Views views = new Views(controllers);
    controllers.register(Views.class, views);
    FxToolkit.setupStage(
        stage -> {
          // the app's theme, as DesktopApp sets it: sizes and scrolling as users have them
          Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
          Views.Loaded<TokensBlockController> loaded =
              views.load(TokensBlockController.class, "tokens-block.fxml");
          block = loaded.controller();
          Scene scene = new Scene(loaded.root(), 760, 640);
          scene.getStylesheets().add(DesktopApp.class.getResource("keyport.css").toExternalForm());
          stage.setScene(scene);
          stage.setTitle("Tokens block");
          stage.show();
          block.setApp(app);
        });
    fx.waitUntil(
        () ->
            fx.isShowing(
                "No token of yours for this app is kept in " + vault.keychainName() + "."));
  }

  @AfterEach
  void closeEverything() throws Exception {
    FxToolkit.cleanupStages();
    if (background != null) {
      background.shutdownNow();
    }
    TestVaults.empty(vault);
  }

  @Test
  void generatesWithBasicLockedKeepsTheTokenAndRegeneratingRetiresTheOldOne() throws Exception {
    mount(TestVaults.keychain(config));
    robot.clickOn("Generate a user token for yourself");
    CheckListView<Scope> scopes = scopesLoaded();

    assertThat(checkedNames(scopes)).containsExactly("basic");
    assertThat(checkBoxOf("basic").isDisabled()).isTrue();
    WaitForAsyncUtils.asyncFx(() -> scopes.getCheckModel().clearCheck(scope(scopes, "basic")))
        .get();
    assertThat(checkedNames(scopes)).containsExactly("basic");
    assertThat(fx.isShowing("Generating a new one replaces it")).isFalse();

    assertThat(robot.lookup("#exportWarning").queryAs(Label.class).isVisible()).isFalse();
    robot.clickOn(checkBoxOf("export"));
    fx.waitUntil(() -> robot.lookup("#exportWarning").queryAs(Label.class).isVisible());
    // another row between the two clicks on export, so they are not one double click
    robot.clickOn(checkBoxOf("stream"));
    robot.clickOn(checkBoxOf("export"));
    fx.waitUntil(() -> !robot.lookup("#exportWarning").queryAs(Label.class).isVisible());

    robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");
    String first = robot.lookup("#tokenField").queryAs(TextField.class).getText();
    assertThat(TokenFormat.isWellFormed(first, TokenFormat.Kind.USER)).isTrue();
    assertThat(robot.lookup("#tokenField").queryAs(TextField.class).isEditable()).isFalse();
    assertThat(
            fx.isShowing(
                "Saved to "
                    + vault.keychainName()
                    + ". Keyport lists it on the app's page; you can copy it from there later."))
        .isTrue();
    assertThat(fx.showing("#secretWarning", Label.class).getText())
        .contains("just like a password")
        .contains("keep it secret");
    assertThat(fx.in(NEW_TOKEN, "#curlCommand", TextField.class).getText())
        .isEqualTo(
            "curl -H \"Authorization: Bearer $KEYPORT_TOKEN\" "
                + server.baseUrl()
                + "/stream/0/token")
        .doesNotContain(first);
    VaultEntry kept = vault.list().get(0);
    assertThat(kept.key()).isEqualTo(AppTokens.keyFor(session, app));
    // the embedded server's port may change between launches: its tokens are not filed under the
    // URL
    assertThat(kept.key().server()).isEqualTo(AppTokens.EMBEDDED_SERVER);
    assertThat(kept.scopes()).containsExactly("basic", "stream");
    assertThat(kept.last4()).isEqualTo(first.substring(first.length() - 4));
    assertThat(vault.read(kept.key())).contains(Secret.of(first));

    robot.clickOn(fx.in(NEW_TOKEN, "#copyButton", Button.class));
    assertThat(copied).containsExactly(first);
    // the curl command is no secret: a plain copy through the guard's one path for text
    robot.clickOn(fx.in(NEW_TOKEN, "#copyCurlButton", Button.class));
    String curl = fx.in(NEW_TOKEN, "#curlCommand", TextField.class).getText();
    fx.waitUntil(() -> curl.equals(Clipboard.getSystemClipboard().getString()));
    assertThat(copied).containsExactly(first);
    robot.clickOn("#doneButton");
    fx.waitUntil(() -> fx.window("Your new access token") == null);
    fx.waitUntil(() -> fx.isShowing("…" + first.substring(first.length() - 4)));
    assertThat(fx.showing("#scopesValue", Label.class).getText()).isEqualTo("basic, stream");

    // again: the existing token's scopes come pre-checked, and the dialog says the old one stops
    // working
    robot.clickOn("Generate a user token for yourself");
    CheckListView<Scope> again = scopesLoaded();
    assertThat(checkedNames(again)).containsExactly("basic", "stream");
    fx.waitUntil(
        () ->
            fx.showing("#replaceWarning", Label.class)
                .getText()
                .contains("your previous token will stop working"));
    robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");
    String second = robot.lookup("#tokenField").queryAs(TextField.class).getText();
    assertThat(second).isNotEqualTo(first);
    assertThat(fx.showing("#replacedLine", Label.class).getText())
        .contains("the previous token has stopped working");
    assertThat(vault.read(kept.key())).contains(Secret.of(second));
    assertThat(vault.list()).hasSize(1);

    assertThat(Http.to(server.baseUrl()).bearer(first).get("/stream/0/token").status())
        .isEqualTo(401);
    assertThat(Http.to(server.baseUrl()).bearer(second).get("/stream/0/token").status())
        .isEqualTo(200);
  }

  @Test
  void testsAndRevokesTheKeptToken() throws Exception {
    mount(TestVaults.keychain(config));
    robot.clickOn("Generate a user token for yourself");
    scopesLoaded();
    robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");
    String token = robot.lookup("#tokenField").queryAs(TextField.class).getText();
    robot.clickOn("#doneButton");
    fx.waitUntil(() -> fx.isShowing("#testButton"));

    robot.clickOn("#testButton");
    fx.waitUntil(
        () ->
            fx.isShowing("#resultLine")
                && fx.showing("#resultLine", Label.class).getText().startsWith("It works"));
    assertThat(fx.showing("#resultLine", Label.class).getText())
        .contains("for alice")
        .contains("app " + app.name())
        .contains("scopes basic");

    robot.clickOn(fx.showing("#copyButton", Button.class));
    fx.waitUntil(() -> copied.contains(token));

    robot.clickOn("#revokeButton");
    robot.clickOn("#confirmRevokeButton");
    fx.waitUntil(
        () ->
            fx.isShowing(
                "No token of yours for this app is kept in " + vault.keychainName() + "."));
    assertThat(fx.showing("#resultLine", Label.class).getText())
        .isEqualTo(
            "Revoked the token ending in "
                + token.substring(token.length() - 4)
                + " and removed it from "
                + vault.keychainName()
                + ".");
    assertThat(vault.list()).isEmpty();
    assertThat(vault.read(AppTokens.keyFor(session, app))).isEmpty();
    assertThat(Http.to(server.baseUrl()).bearer(token).get("/stream/0/token").status())
        .isEqualTo(401);
  }

  @Test
  void theScopeLinkOpensARealPage() throws Exception {
    mount(TestVaults.keychain(config));
    robot.clickOn("Generate a user token for yourself");
    scopesLoaded();
    robot.clickOn("What are scopes?");
    fx.waitUntil(() -> fx.isShowing("App.net's scope reference"));
    robot.clickOn("App.net's scope reference");
    assertThat(opened)
        .containsExactly(
            "https://github.com/appdotnet/api-spec/blob/master/content/docs/authentication/index.md#scopes");
    robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");
    // The dialog's What's next has no dead link any more; Send a broadcast… lives on the app's
    // page.
    assertThat(
            FxLookups.showing(
                fx.window(NEW_TOKEN).getScene().getRoot().lookup("#sendBroadcastButton")))
        .isFalse();
  }

  @Test
  void withoutAKeychainTheTokenIsShownOnceAndKeptNowhere() throws Exception {
    String why =
        "No Secret Service on the session bus: install gnome-keyring or KeePassXC and sign in again.";
    mount(new NoKeychain(why));
    robot.clickOn("Generate a user token for yourself");
    scopesLoaded();
    robot.clickOn("#generateButton");
    fx.waitForWindow("Your new access token");

    String token = robot.lookup("#tokenField").queryAs(TextField.class).getText();
    assertThat(TokenFormat.isWellFormed(token, TokenFormat.Kind.USER)).isTrue();
    assertThat(fx.showing("#notSavedLine", Label.class).getText())
        .startsWith("Not saved: " + why)
        .contains("The token is not saved anywhere");
    assertThat(robot.lookup("#savedLine").queryAs(Label.class).isVisible()).isFalse();
    robot.clickOn(fx.in(NEW_TOKEN, "#copyButton", Button.class));
    assertThat(copied).containsExactly(token);

    // the token works, and no file of Keyport's or of this test holds it
    assertThat(Http.to(server.baseUrl()).bearer(token).get("/stream/0/token").status())
        .isEqualTo(200);
    UserFolders folders = UserFolders.forCurrentUser();
    for (Path folder : List.of(folders.config(), folders.data(), dataDir, config)) {
      assertThat(filesHolding(folder, token))
          .as("files under " + folder + " holding the token")
          .isEmpty();
    }
    robot.clickOn("#doneButton");
    fx.waitUntil(() -> fx.isShowing("No token of yours for this app is kept in no keychain."));
  }

  @Test
  void everyCopyOutOfTheNewTokenGoesThroughTheClipboardGuard() throws Exception {
    mount(new NoKeychain("No keychain in this test."));
    robot.clickOn("Generate a user token for yourself");
    scopesLoaded();
    robot.clickOn("#generateButton");
    fx.waitForWindow(NEW_TOKEN);
    TextField field = fx.in(NEW_TOKEN, "#tokenField", TextField.class);
    String token = field.getText();
    WaitForAsyncUtils.asyncFx(
            () ->
                Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, "before")))
        .get();

    // the field opens with the token in it; copy the way people do (a copy moves the focus to Done)
    int n = 0;
    for (KeyCode[] keys :
        List.of(
            new KeyCode[] {KeyCode.CONTROL, KeyCode.C},
            new KeyCode[] {KeyCode.CONTROL, KeyCode.INSERT},
            new KeyCode[] {KeyCode.CONTROL, KeyCode.X},
            new KeyCode[] {KeyCode.SHIFT, KeyCode.DELETE})) {
      robot.clickOn(field);
      robot.press(keys).release(keys[1], keys[0]);
      int expected = ++n;
      fx.waitUntil(() -> copied.size() == expected);
    }
    // the field's context menu offers only a Copy that goes through the guard too
    ContextMenu menu = field.getContextMenu();
    assertThat(menu.getItems()).extracting(MenuItem::getText).containsExactly("Copy");
    WaitForAsyncUtils.asyncFx(() -> menu.getItems().get(0).fire()).get();
    fx.waitUntil(() -> copied.size() == 5);

    assertThat(copied).containsOnly(token);
    // nothing reached the clipboard around the guard, and cutting left the token in place
    assertThat(WaitForAsyncUtils.asyncFx(() -> Clipboard.getSystemClipboard().getString()).get())
        .isEqualTo("before");
    assertThat(field.getText()).isEqualTo(token);
  }

  @Test
  void enterInTheChecklistGeneratesAndAfterCopyEnterPressesDone() throws Exception {
    mount(new NoKeychain("No keychain in this test."));
    robot.clickOn("Generate a user token for yourself");
    CheckListView<Scope> scopes = scopesLoaded();
    // the keyboard in the list: a click on a row's text selects it without checking it
    robot.clickOn(checkBoxOf("stream").getParent());
    fx.waitUntil(scopes::isFocused);
    robot.type(KeyCode.ENTER);
    fx.waitForWindow(NEW_TOKEN);
    String token = fx.in(NEW_TOKEN, "#tokenField", TextField.class).getText();

    robot.clickOn(fx.in(NEW_TOKEN, "#copyButton", Button.class));
    assertThat(copied).containsExactly(token);
    robot.type(KeyCode.ENTER);
    fx.waitUntil(() -> fx.window(NEW_TOKEN) == null);
    assertThat(copied).containsExactly(token);
  }

  @Test
  void theGenerateLinkKeepsItsLinkColourAfterUse() throws Exception {
    mount(new NoKeychain("No keychain in this test."));
    Hyperlink link = fx.showing("#generateLink", Hyperlink.class);
    Paint unused = link.getTextFill();
    robot.clickOn(link);
    scopesLoaded();
    robot.clickOn("#cancelButton");
    fx.waitUntil(() -> fx.window("Generate a user token") == null);
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(link.isVisited()).isTrue();
    assertThat(
            WaitForAsyncUtils.asyncFx(
                    () -> {
                      link.applyCss();
                      return link.getTextFill();
                    })
                .get())
        .isEqualTo(unused);
  }

  @Test
  void theChosenExpiryIsTheTokensAndTheBlockShowsItAndWhenTheTokenWasLastUsed() throws Exception {
    mount(TestVaults.keychain(config));
    robot.clickOn("Generate a user token for yourself");
    scopesLoaded();
    @SuppressWarnings("unchecked")
    ComboBox<Expiry> expiry = fx.showing("#expiryChoice", ComboBox.class);
    assertThat(expiry.getValue()).isEqualTo(Expiry.NONE);
    assertThat(expiry.getItems())
        .extracting(Expiry::toString)
        .containsExactly("No expiry", "7 days", "30 days", "90 days", "A year");
    robot.clickOn(expiry);
    robot.clickOn("7 days");
    robot.clickOn("#generateButton");
    fx.waitForWindow(NEW_TOKEN);
    robot.clickOn("#doneButton");

    Token issued = session.client().myToken(app.id()).orElseThrow();
    assertThat(Duration.between(Instant.now(), issued.expiresAt()))
        .isBetween(Duration.ofDays(7).minusMinutes(5), Duration.ofDays(7).plusMinutes(1));
    fx.waitUntil(
        () ->
            fx.showing("#expiresValue", Label.class)
                .getText()
                .equals(Dates.format(issued.expiresAt())));
    assertThat(fx.showing("#lastUsedValue", Label.class).getText()).isEqualTo("never");

    // Test uses the token: once the server has written its use, the block says when
    robot.clickOn("#testButton");
    fx.waitUntil(
        () ->
            fx.isShowing("#resultLine")
                && fx.showing("#resultLine", Label.class).getText().startsWith("It works"));
    server.flushLastUsed();
    Instant used = session.client().myToken(app.id()).orElseThrow().lastUsedAt();
    assertThat(used).isNotNull();
    WaitForAsyncUtils.asyncFx(block::refresh).get();
    fx.waitUntil(
        () -> fx.showing("#lastUsedValue", Label.class).getText().equals(Dates.lastUsed(used)));
  }

  @Test
  void anExpiryReadsNeverADateOrExpired() {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    assertThat(AppTokens.expiry(null, now)).isEqualTo("never");
    assertThat(AppTokens.expiry(now.plusSeconds(60), now))
        .isEqualTo(Dates.format(now.plusSeconds(60)));
    assertThat(AppTokens.expiry(now.minusSeconds(60), now))
        .isEqualTo("expired " + Dates.format(now.minusSeconds(60)));
    assertThat(Expiry.values()).extracting(Expiry::days).containsExactly(null, 7, 30, 90, 365);
  }

  private static List<Path> filesHolding(Path folder, String secret) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    byte[] needle = secret.getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                try {
                  return indexOf(Files.readAllBytes(file), needle) >= 0;
                } catch (IOException unreadable) {
                  return false;
                }
              })
          .toList();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
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

  private static List<String> checkedNames(CheckListView<Scope> list) throws Exception {
    return WaitForAsyncUtils.asyncFx(
            () ->
                list.getCheckModel().getCheckedItems().stream().map(Scope::name).sorted().toList())
        .get();
  }

  private static Scope scope(CheckListView<Scope> list, String name) {
    return list.getItems().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** The checkbox of the scope's row in the checklist. */
  private CheckBox checkBoxOf(String scopeName) throws Exception {
    @SuppressWarnings("unchecked")
    CheckListView<Scope> list = robot.lookup("#scopeList").queryAs(CheckListView.class);
    WaitForAsyncUtils.asyncFx(() -> list.scrollTo(scope(list, scopeName))).get();
    WaitForAsyncUtils.waitForFxEvents();
    return robot.lookup(".check-box-list-cell").queryAll().stream()
        .filter(FxLookups::showing) // not the flow's hidden measuring cell
        .map(node -> (ListCell<?>) node)
        .filter(cell -> cell.getItem() instanceof Scope s && s.name().equals(scopeName))
        .map(cell -> (CheckBox) cell.getGraphic())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + scopeName));
  }
}
