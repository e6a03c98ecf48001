package io.keyport.desktop;

import io.keyport.desktop.apps.AppsController;
import io.keyport.desktop.common.Connector;
import io.keyport.desktop.common.DesktopState;
import io.keyport.desktop.common.Tasks;
import io.keyport.desktop.common.Views;
import io.keyport.desktop.connect.ServerActions;
import io.keyport.vault.Vault;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.layout.StackPane;

/** The main window: the current view in the middle, the status line and the Server menu at the bottom. */
public final class MainController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Views views;
  private final Connector connector;
  private final Vault vault;
  private AppsController apps;

  @FXML private StackPane content;
  @FXML private Label statusLine;
  @FXML private MenuButton serverMenu;

  public MainController(DesktopState state, Tasks tasks, Views views, Connector connector, Vault vault) {
    this.vault = vault;
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
    new ServerActions(state, tasks, views, connector, vault, serverMenu.getItems(),
        () -> content.getScene().getWindow(), () -> apps.setOnRetry(apps::reload));
    connect();
  }

  /** Opens the session in the background; until then the status line says what is happening. */
  void connect() {
    state.statusProperty().set("Connecting…");
    apps.setOnRetry(this::connect);
    tasks.run(connector::connect)
        .onSuccess(session -> {
          state.statusProperty().set(session.describe());
          apps.setOnRetry(apps::reload);
          state.sessionProperty().set(session);
        })
        .onError(error -> {
          state.statusProperty().set("Not connected");
          apps.showFailure(error);
        })
        .start();
  }
}
