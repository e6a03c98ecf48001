package io.keyport.desktop.detail;

import io.keyport.api.App;
import io.keyport.desktop.fx.Banner;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Styles;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * {@code live-secrets.fxml}: the app's live client secrets, listed in the background from {@code
 * GET …/secrets}, with Retire now (after a confirmation) on the old one during an overlap.
 */
public final class LiveSecretsController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Dialogs dialogs;
  private final Banner banner;
  private App app;
  private boolean left;

  @FXML private VBox rows;

  public LiveSecretsController(DesktopState state, Tasks tasks, Dialogs dialogs, Banner banner) {
    this.state = state;
    this.tasks = tasks;
    this.dialogs = dialogs;
    this.banner = banner;
  }

  /** Lists {@code shown}'s live secrets. */
  public void show(App shown) {
    app = shown;
    refresh();
  }

  /** The page is going away: a list still being fetched is dropped. */
  public void leave() {
    left = true;
  }

  /** Lists the live secrets again (after Rotate or Retire now). */
  public void refresh() {
    Session session = state.session();
    App shown = app;
    if (session == null || shown == null) {
      rows.getChildren().clear();
      return;
    }
    tasks
        .run(() -> LiveSecrets.rows(session.client().listSecrets(shown.id())))
        .onSuccess(
            list -> {
              if (!left && shown == app) {
                rows.getChildren().setAll(list.stream().map(this::rowView).toList());
              }
            })
        .onError(error -> banner.failed(error, this::refresh))
        .start();
  }

  private HBox rowView(LiveSecrets.Row row) {
    Label ending = new Label(row.ending());
    ending.getStyleClass().add(Styles.MONOSPACE);
    ending.setMinWidth(Region.USE_PREF_SIZE);
    Label details = new Label(row.details());
    details.getStyleClass().add(Styles.TEXT_MUTED);
    details.setWrapText(true);
    details.setMinHeight(Region.USE_PREF_SIZE);
    Label stateLabel = new Label(row.state());
    stateLabel.setMinWidth(Region.USE_PREF_SIZE);
    HBox box = new HBox(12, ending, details, stateLabel);
    HBox.setHgrow(details, Priority.ALWAYS);
    details.setMaxWidth(Double.MAX_VALUE);
    box.setAlignment(Pos.CENTER_LEFT);
    box.getStyleClass().add(Styles.LIVE_SECRET);
    box.setAccessibleText(
        "Client secret ending in " + row.ending() + ", " + row.details() + ", " + row.state());
    if (row.retirable()) {
      Button retire = new Button("Retire now");
      retire.getStyleClass().add(Styles.DANGER);
      retire.setMinWidth(Region.USE_PREF_SIZE);
      retire.setAccessibleText("Retire the client secret ending in " + row.ending() + " now");
      retire.setOnAction(e -> retire(row, retire));
      box.getChildren().add(retire);
    }
    return box;
  }

  private void retire(LiveSecrets.Row row, Button retire) {
    Session session = state.session();
    App shown = app;
    if (session == null || shown == null || Busy.isBusy(retire)) {
      return;
    }
    boolean sure =
        dialogs.confirm(
            retire,
            "Retire client secret",
            "Retire the client secret ending in " + row.ending() + " now?",
            "It " + row.state() + "; retired now, programs still using it stop working at once.",
            "Retire secret");
    if (!sure) {
      return;
    }
    Busy busy = Busy.on(retire);
    tasks
        .run(() -> session.client().retireSecret(shown.id(), row.id()))
        .onSuccess(
            retired -> {
              banner.info("Retired the client secret ending in " + row.ending() + ".");
              refresh();
            })
        .onError(error -> banner.failed(error, null))
        .andFinally(busy::done)
        .start();
  }
}
