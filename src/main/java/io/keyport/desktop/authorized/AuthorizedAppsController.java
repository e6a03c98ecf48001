package io.keyport.desktop.authorized;

import io.keyport.api.Authorization;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Window;

/**
 * Keyport → Authorized apps (UX.md 14): the apps that hold tokens for the signed-in user (name,
 * website, scopes, last used) with Revoke access, which revokes every token the user gave that app
 * and forgets the consent. Loading and revoking run as background tasks.
 */
public final class AuthorizedAppsController {
  static final String TITLE = "Authorized apps";

  private final DesktopState state;
  private final Tasks tasks;
  private final Dialogs dialogs;
  private final AuthorizedAppsModel model = new AuthorizedAppsModel();

  @FXML private TableView<Authorization> table;
  @FXML private TableColumn<Authorization, String> nameColumn;
  @FXML private TableColumn<Authorization, String> websiteColumn;
  @FXML private TableColumn<Authorization, String> scopesColumn;
  @FXML private TableColumn<Authorization, String> lastUsedColumn;
  @FXML private Button revokeButton;
  @FXML private Button reloadButton;
  @FXML private Label message;

  public AuthorizedAppsController(DesktopState state, Tasks tasks, Dialogs dialogs) {
    this.state = state;
    this.tasks = tasks;
    this.dialogs = dialogs;
  }

  @FXML
  void initialize() {
    table.setItems(model.apps());
    nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().app().name()));
    websiteColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().app().website()));
    scopesColumn.setCellValueFactory(
        c -> new ReadOnlyStringWrapper(AuthorizedAppsModel.scopes(c.getValue())));
    lastUsedColumn.setCellValueFactory(
        c ->
            new ReadOnlyStringWrapper(
                AuthorizedAppsModel.when(c.getValue().lastUsedAt(), "not yet")));
    revokeButton
        .disableProperty()
        .bind(table.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
    reloadButton.disableProperty().bind(model.busyProperty());
    message.textProperty().bind(model.messageProperty());
    reload();
  }

  public AuthorizedAppsModel model() {
    return model;
  }

  /** Shows the screen in its own window over {@code owner}. */
  public void show(Window owner, Parent root) {
    DialogStage.create(owner, root, TITLE).show();
  }

  @FXML
  void reload() {
    model.busyProperty().set(true);
    var client = state.session().client();
    tasks
        .run(client::authorizations)
        .onSuccess(model::loaded)
        .onError(
            error ->
                model.failed(
                    "Keyport could not load your authorized apps: " + Failures.describe(error)))
        .andFinally(() -> model.busyProperty().set(false))
        .start();
  }

  @FXML
  void revoke() {
    Authorization chosen = table.getSelectionModel().getSelectedItem();
    if (chosen == null) {
      return;
    }
    String name = chosen.app().name();
    if (!dialogs.confirm(
        table,
        "Revoke access",
        "Revoke access for " + name + "?",
        "Every token you gave "
            + name
            + " stops working at once, and it will have to ask you again.",
        "Revoke access")) {
      return;
    }
    String clientId = chosen.app().clientId();
    model.busyProperty().set(true);
    var client = state.session().client();
    tasks
        .run(() -> client.revokeAuthorization(clientId))
        .onSuccess(done -> model.revoked(clientId, name))
        .onError(
            error ->
                model.failed(
                    "Keyport could not revoke access for "
                        + name
                        + ": "
                        + Failures.describe(error)))
        .andFinally(() -> model.busyProperty().set(false))
        .start();
  }
}
