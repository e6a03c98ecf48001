package io.keyport.desktop;

import io.keyport.api.App;
import io.keyport.desktop.apps.AppsController;
import io.keyport.desktop.authorized.AuthorizedAppsController;
import io.keyport.desktop.connect.ServerActions;
import io.keyport.desktop.create.CreateAppController;
import io.keyport.desktop.detail.AppDetailController;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.password.BrowserPasswordController;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Navigation;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.settings.SettingsController;
import io.keyport.desktop.token.ExpiryReminder;
import io.keyport.desktop.token.TokenExpiry;
import io.keyport.vault.Vault;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The main window: the menu bar, the current view in the middle (Your Apps or an app's detail) and
 * the status line at the bottom (where and who on the left, the clipboard countdown on the right).
 */
public final class MainController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Views views;
  private final Connector connector;
  private final Navigation navigation;
  private final ClipboardGuard clipboard;
  private final Vault vault;
  private final ExpiryReminder reminder;
  private AppsController apps;
  private Parent appsRoot;
  private AppDetailController detail;

  @FXML private MenuBar menuBar;
  @FXML private Menu serverMenu;
  @FXML private StackPane content;
  @FXML private Label statusLine;
  @FXML private Label clipboardLine;

  public MainController(
      DesktopState state,
      Tasks tasks,
      Views views,
      Connector connector,
      Navigation navigation,
      ClipboardGuard clipboard,
      Vault vault) {
    this.vault = vault;
    this.state = state;
    this.tasks = tasks;
    this.views = views;
    this.connector = connector;
    this.navigation = navigation;
    this.clipboard = clipboard;
    this.reminder = new ExpiryReminder(tasks, vault);
  }

  @FXML
  void initialize() {
    statusLine.textProperty().bind(state.statusProperty());
    clipboardLine.textProperty().bind(clipboard.messageProperty());
    navigation.supply(this::openApp, this::showApps, this::createApp);
    Views.Loaded<AppsController> loaded = views.load(AppsController.class, "apps.fxml");
    apps = loaded.controller();
    appsRoot = loaded.root();
    content.getChildren().setAll(appsRoot);
    apps.setOnFirstExpiring(this::remindOfExpiry);
    content.addEventFilter(KeyEvent.KEY_PRESSED, this::escapeGoesBack);
    new ServerActions(
        state,
        tasks,
        views,
        connector,
        vault,
        serverMenu.getItems(),
        () -> content.getScene().getWindow(),
        this::switched);
    connect();
  }

  /**
   * The launch hook of UX.md 13: once the first list and the keychain's index are read, names the
   * kept tokens that expire within a week or have expired, with Renew.
   */
  private void remindOfExpiry(List<TokenExpiry> expiring) {
    Session session = state.session();
    if (session == null || expiring.isEmpty() || content.getScene() == null) {
      return;
    }
    reminder.remind(
        content.getScene().getWindow(),
        session,
        apps.apps(),
        expiring,
        renewed -> {
          apps.reload();
          if (detail != null) {
            detail.refreshTokens();
          }
        });
  }

  /** The menu where the connection actions live ("Connect to a team server…", "Sign out"). */
  public Menu serverMenu() {
    return serverMenu;
  }

  /** The app detail on screen, or null on Your Apps. */
  public AppDetailController detail() {
    return detail;
  }

  /** Opens the session in the background; until then the status line says what is happening. */
  public void connect() {
    switchWith("Connecting…", connector::connect, "Not connected");
  }

  /**
   * After the Server menu switched sessions: back to Your Apps, which reloads for the new session.
   */
  private void switched() {
    if (detail != null) {
      leaveDetail();
      content.getChildren().setAll(appsRoot);
    }
    apps.setOnRetry(apps::reload);
  }

  private void switchWith(String progress, Callable<Session> work, String failed) {
    state.statusProperty().set(progress);
    apps.setOnRetry(this::connect);
    tasks
        .run(work)
        .onSuccess(
            session -> {
              state.statusProperty().set(session.describe());
              apps.setOnRetry(apps::reload);
              state.sessionProperty().set(session);
            })
        .onError(
            error -> {
              state.statusProperty().set(failed);
              apps.showFailure(error);
            })
        .start();
  }

  void openApp(App app) {
    leaveDetail();
    Views.Loaded<AppDetailController> loaded =
        views.load(AppDetailController.class, "app-detail.fxml");
    detail = loaded.controller();
    content.getChildren().setAll(loaded.root());
    detail.open(app);
  }

  @FXML
  void showApps() {
    if (detail != null && !detail.mayLeave()) {
      return;
    }
    leaveDetail();
    content.getChildren().setAll(appsRoot);
    apps.reload();
    apps.focusTable();
  }

  @FXML
  void createApp() {
    if (state.session() == null) {
      return;
    }
    Views.Loaded<CreateAppController> loaded =
        views.load(CreateAppController.class, "create-app.fxml");
    loaded
        .controller()
        .showAndWait(content)
        .ifPresent(
            created -> {
              apps.reload();
              openApp(created);
            });
  }

  @FXML
  void saveApp() {
    if (detail != null) {
      detail.save();
    }
  }

  @FXML
  void focusFilter() {
    if (detail != null) {
      showApps();
    }
    if (detail == null) {
      apps.focusFilter();
    }
  }

  @FXML
  void reload() {
    if (detail != null) {
      detail.reload();
    } else {
      apps.reload();
    }
  }

  @FXML
  void openSettings() {
    Views.Loaded<SettingsController> loaded = views.load(SettingsController.class, "settings.fxml");
    loaded.controller().showAndWait(content);
  }

  @FXML
  void openAuthorizedApps() {
    Views.Loaded<AuthorizedAppsController> loaded =
        views.load(AuthorizedAppsController.class, "authorized-apps.fxml");
    loaded.controller().show(content.getScene().getWindow(), loaded.root());
  }

  /** Sets or changes the password the server's web sign-in page asks for. */
  @FXML
  void openBrowserPassword() {
    Session session = state.session();
    if (session == null) {
      return;
    }
    Views.Loaded<BrowserPasswordController> loaded =
        views.load(BrowserPasswordController.class, "browser-password.fxml");
    loaded
        .controller()
        .show(
            content.getScene().getWindow(),
            loaded.root(),
            username ->
                state.statusProperty().set(session.describe() + " · Browser sign-in password set"));
  }

  @FXML
  void quit() {
    if (mayClose()) {
      ((Stage) content.getScene().getWindow()).close();
    }
  }

  /** False when the user keeps unsaved edits open rather than closing the window. */
  boolean mayClose() {
    return detail == null || detail.mayLeave();
  }

  /** The window is going away: leave the detail (hides the secret). */
  void closing() {
    leaveDetail();
  }

  private void escapeGoesBack(KeyEvent event) {
    if (event.getCode() == KeyCode.ESCAPE && detail != null && !event.isConsumed()) {
      event.consume();
      showApps();
    }
  }

  private void leaveDetail() {
    if (detail != null) {
      detail.leave();
      detail = null;
    }
  }
}
