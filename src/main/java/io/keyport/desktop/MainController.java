package io.keyport.desktop;

import io.keyport.desktop.apps.AppsController;
import io.keyport.desktop.common.Connector;
import io.keyport.desktop.common.DesktopState;
import io.keyport.desktop.common.DialogStage;
import io.keyport.desktop.common.Failures;
import io.keyport.desktop.common.Session;
import io.keyport.desktop.common.Tasks;
import io.keyport.desktop.common.Views;
import io.keyport.desktop.connect.ConnectController;
import io.keyport.vault.KeychainUnavailableException;
import java.util.concurrent.Callable;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.StackPane;

/** The main window: the current view in the middle, the status line and the server menu at the bottom. */
public final class MainController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Views views;
  private final Connector connector;
  private AppsController apps;

  @FXML private StackPane content;
  @FXML private Label statusLine;
  @FXML private MenuButton serverMenu;
  @FXML private MenuItem connectItem;
  @FXML private MenuItem embeddedItem;
  @FXML private MenuItem signOutItem;

  public MainController(DesktopState state, Tasks tasks, Views views, Connector connector) {
    this.state = state;
    this.tasks = tasks;
    this.views = views;
    this.connector = connector;
  }

  @FXML
  void initialize() {
    statusLine.textProperty().bind(state.statusProperty());
    Views.Loaded<AppsController> loaded = views.load(AppsController.class, "apps.fxml");
    apps = loaded.controller();
    content.getChildren().setAll(loaded.root());
    state.sessionProperty().addListener((obs, old, session) -> updateServerMenu(session));
    updateServerMenu(null);
    connect();
  }

  /** Opens the session in the background; until then the status line says what is happening. */
  void connect() {
    switchWith("Connecting…", connector::connect, "Not connected");
  }

  @FXML
  void openConnect() {
    Views.Loaded<ConnectController> dialog = views.load(ConnectController.class, "connect.fxml");
    dialog.controller().setOnConnected(this::switchTo);
    DialogStage.create(content.getScene().getWindow(), dialog.root(), "Connect to a team server").show();
  }

  @FXML
  void signOut() {
    Session current = state.session();
    if (current == null || current.embedded()) {
      return;
    }
    switchWith("Signing out of " + current.baseUrl() + "…", () -> connector.signOut(current),
        "Could not sign out");
  }

  @FXML
  void useEmbedded() {
    Session current = state.session();
    if (current == null || current.embedded()) {
      return;
    }
    switchWith("Switching to the embedded server…", connector::useEmbedded, "Not connected");
  }

  /** Shows {@code session} everywhere: the status line, the menu, the list of apps. */
  void switchTo(Session session) {
    state.statusProperty().set(session.describe());
    apps.setOnRetry(apps::reload);
    state.sessionProperty().set(session);
  }

  private void switchWith(String progress, Callable<Session> work, String failed) {
    Session before = state.session();
    state.statusProperty().set(progress);
    serverMenu.setDisable(true);
    apps.setOnRetry(this::connect);
    tasks.run(work)
        .onSuccess(this::switchTo)
        .onError(error -> {
          String why = error instanceof KeychainUnavailableException k ? k.getMessage() : Failures.describe(error);
          if (before != null) {
            state.statusProperty().set(before.describe() + " — " + failed.toLowerCase() + ": " + why);
            apps.setOnRetry(apps::reload);
          } else {
            state.statusProperty().set(failed);
            apps.showFailure(error);
          }
        })
        .andFinally(() -> serverMenu.setDisable(false))
        .start();
  }

  private void updateServerMenu(Session session) {
    boolean team = session != null && !session.embedded();
    embeddedItem.setDisable(!team);
    signOutItem.setDisable(!team);
    signOutItem.setText(team ? "Sign out of " + session.baseUrl() : "Sign out");
  }
}
