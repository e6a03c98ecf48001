package io.keyport.desktop.detail;

import io.keyport.api.App;
import io.keyport.desktop.fx.Banner;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Navigation;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.token.TokensBlockController;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;

/**
 * An app's detail page: the title, Back, Save (with {@code If-Match}) and Delete around two blocks:
 * the app's fields ({@code app-form.fxml}, with the client ID and secret in {@code
 * secret-row.fxml}) and the user's token for it ({@code tokens-block.fxml}). Messages go to the
 * window's banner.
 */
public final class AppDetailController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Navigation navigation;
  private final Dialogs dialogs;
  private final Views views;
  private final Banner banner;
  private AppForm form;
  private SecretRowController secretRow;
  private Busy saving;
  private boolean deleted;
  private boolean left;

  @FXML private Label title;
  @FXML private Button saveButton;
  @FXML private Label saveState;
  @FXML private Button deleteButton;
  @FXML private AppFormController formController;
  @FXML private TokensBlockController tokensController;

  public AppDetailController(
      DesktopState state,
      Tasks tasks,
      Navigation navigation,
      Dialogs dialogs,
      Views views,
      Banner banner) {
    this.state = state;
    this.tasks = tasks;
    this.navigation = navigation;
    this.dialogs = dialogs;
    this.views = views;
    this.banner = banner;
  }

  @FXML
  void initialize() {
    form = formController.form();
    secretRow = formController.secretRow();
    title
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> form.baseProperty().get() == null ? "" : form.baseProperty().get().name(),
                form.baseProperty()));
    saveState.textProperty().bind(form.saveStateProperty());
    saveButton.disableProperty().bind(form.canSaveProperty().not());
    form.baseProperty().addListener((o, old, app) -> secretRow.show(app));
    form.savingProperty()
        .addListener(
            (o, was, is) -> {
              if (is) {
                saving = Busy.on(saveButton);
              } else if (saving != null) {
                saving.done();
                saving = null;
              }
            });
  }

  /** Shows {@code shown}: called once, right after the view is loaded. */
  public void open(App shown) {
    form.load(shown);
    tokensController.setApp(shown);
  }

  /** The view is going away: hide the secret and this page's message. */
  public void leave() {
    if (left) {
      return;
    }
    left = true;
    secretRow.leave();
    banner.hide();
  }

  /** True when there is nothing unsaved, or the user agreed to drop it. */
  public boolean mayLeave() {
    if (deleted || !isDirty()) {
      return true;
    }
    return dialogs.confirm(
        saveButton,
        "Unsaved changes",
        "Discard your changes to " + form.baseProperty().get().name() + "?",
        "Your edits to this app have not been saved.",
        "Discard");
  }

  /** True when a field differs from the app as last loaded or saved. */
  public boolean isDirty() {
    return form.isDirty();
  }

  /** True while the client secret is on screen. */
  public boolean isRevealed() {
    return secretRow.isRevealed();
  }

  /** Reads the kept token from the vault's index again (after Renew replaced it). */
  public void refreshTokens() {
    tokensController.refresh();
  }

  /** Loads the app again; edits the user made are kept (see {@link AppForm#merge}). */
  public void reload() {
    Session session = state.session();
    if (session == null) {
      return;
    }
    banner.workingProperty().set(true);
    form.reload(
        tasks,
        id -> session.client().getApp(id),
        hadEdits -> {
          state.serverAnswered();
          if (hadEdits) {
            banner.info("Reloaded the latest version. Your edits are kept: Save to apply them.");
          } else {
            banner.hide();
          }
        },
        error -> {
          state.serverUnreachable(error);
          banner.failed(error, this::reload);
        },
        () -> banner.workingProperty().set(false));
  }

  /** Saves the edits (Save, Ctrl+S); does nothing while a save runs or when nothing changed. */
  @FXML
  public void save() {
    Session session = state.session();
    if (session == null) {
      return;
    }
    form.save(
        tasks,
        session.client()::updateApp,
        saved -> {
          state.serverAnswered();
          banner.hide();
        },
        this::saveFailed);
  }

  private void saveFailed(Throwable error) {
    state.serverUnreachable(error);
    if (AppForm.isConflict(error)) {
      banner.warn(
          "This app was changed somewhere else (another window or client) since you loaded it. "
              + "Your edits are still here: reload the latest version, keeping your edits, then Save again.",
          "Reload, keep my edits",
          this::reload);
      return;
    }
    banner.failed(error, this::save);
  }

  @FXML
  void deleteApp() {
    Session session = state.session();
    App base = form.baseProperty().get();
    if (session == null || base == null || Busy.isBusy(deleteButton)) {
      return;
    }
    Views.Loaded<DeleteAppController> loaded =
        views.load(DeleteAppController.class, "delete-app.fxml");
    if (!loaded.controller().confirm(deleteButton, base.name())) {
      return;
    }
    Busy busy = Busy.on(deleteButton);
    tasks
        .run(() -> session.client().deleteApp(base.id()))
        .onSuccess(
            done -> {
              deleted = true;
              navigation.showApps();
              state.statusProperty().set(session.describe() + " · Deleted " + base.name());
            })
        .onError(error -> banner.failed(error, null))
        .andFinally(busy::done)
        .start();
  }

  @FXML
  void back() {
    navigation.showApps();
  }
}
