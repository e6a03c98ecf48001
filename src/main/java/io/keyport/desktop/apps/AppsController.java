package io.keyport.desktop.apps;

import io.keyport.api.App;
import io.keyport.desktop.common.DesktopState;
import io.keyport.desktop.common.Failures;
import io.keyport.desktop.common.Session;
import io.keyport.desktop.common.Tasks;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;

/** "Your Apps": the caller's apps, loaded in the background, with an empty state and a Retry banner. */
public final class AppsController {
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private final DesktopState state;
  private final Tasks tasks;
  private final ObservableList<App> apps = FXCollections.observableArrayList();
  private boolean loadedOnce;

  @FXML private TableView<App> table;
  @FXML private TableColumn<App, String> nameColumn;
  @FXML private TableColumn<App, String> websiteColumn;
  @FXML private TableColumn<App, String> clientIdColumn;
  @FXML private TableColumn<App, String> createdColumn;
  @FXML private Region emptyState;
  @FXML private ProgressIndicator spinner;
  @FXML private Region banner;
  @FXML private Label bannerMessage;
  @FXML private Button retryButton;

  public AppsController(DesktopState state, Tasks tasks) {
    this.state = state;
    this.tasks = tasks;
  }

  @FXML
  void initialize() {
    nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
    websiteColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().website()));
    clientIdColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().clientId()));
    createdColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(
        c.getValue().createdAt() == null ? "" : CREATED.format(c.getValue().createdAt())));
    table.setItems(apps);
    showLoading(true);
    hideBanner();
    state.sessionProperty().addListener((obs, old, session) -> {
      if (session != null) {
        reload();
      }
    });
  }

  /** Loads the list again; the last loaded list stays on screen until the new one arrives. */
  @FXML
  public void reload() {
    Session session = state.session();
    if (session == null) {
      return;
    }
    showLoading(true);
    retryButton.setDisable(true);
    tasks.run(() -> session.client().listAllApps())
        .onSuccess(this::show)
        .onError(this::showFailure)
        .andFinally(() -> {
          showLoading(false);
          retryButton.setDisable(false);
        })
        .start();
  }

  /** Shown by the main window when connecting failed before any list could load. */
  public void showFailure(Throwable error) {
    showLoading(false);
    bannerMessage.setText(Failures.describe(error));
    banner.setVisible(true);
    banner.setManaged(true);
  }

  public void setOnRetry(Runnable retry) {
    retryButton.setOnAction(e -> retry.run());
  }

  private void show(List<App> loaded) {
    loadedOnce = true;
    hideBanner();
    apps.setAll(loaded);
    boolean empty = loaded.isEmpty();
    emptyState.setVisible(empty);
    table.setVisible(!empty);
    state.appListShown();
  }

  private void showLoading(boolean loading) {
    spinner.setVisible(loading);
    if (loading && !loadedOnce) {
      emptyState.setVisible(false);
      table.setVisible(false);
    }
  }

  private void hideBanner() {
    banner.setVisible(false);
    banner.setManaged(false);
  }
}
