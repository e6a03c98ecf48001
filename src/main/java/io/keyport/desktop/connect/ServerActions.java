package io.keyport.desktop.connect;

import io.keyport.desktop.common.Connector;
import io.keyport.desktop.common.DesktopState;
import io.keyport.desktop.common.DialogStage;
import io.keyport.desktop.common.Failures;
import io.keyport.desktop.common.Session;
import io.keyport.desktop.common.Tasks;
import io.keyport.desktop.common.Views;
import io.keyport.vault.KeychainUnavailableException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Window;

/**
 * The connection actions of the Server menu: "Connect to a team server…", "Use the embedded server"
 * and "Sign out". Each switch runs in the background; the status line says what is happening and
 * then where and who.
 */
public final class ServerActions {
  private final DesktopState state;
  private final Tasks tasks;
  private final Views views;
  private final Connector connector;
  private final Supplier<Window> owner;
  private final Runnable onSwitched;
  private final MenuItem connectItem = new MenuItem("Connect to a team server…");
  private final MenuItem embeddedItem = new MenuItem("Use the embedded server");
  private final MenuItem signOutItem = new MenuItem("Sign out");
  private boolean switching;

  /** {@code onSwitched} runs on the FX thread once another session is in place (e.g. back to Your Apps). */
  public ServerActions(DesktopState state, Tasks tasks, Views views, Connector connector,
      Supplier<Window> owner, Runnable onSwitched) {
    this.state = state;
    this.tasks = tasks;
    this.views = views;
    this.connector = connector;
    this.owner = owner;
    this.onSwitched = onSwitched;
    connectItem.setId("connectItem");
    embeddedItem.setId("embeddedItem");
    signOutItem.setId("signOutItem");
    connectItem.setOnAction(e -> openConnect());
    embeddedItem.setOnAction(e -> useEmbedded());
    signOutItem.setOnAction(e -> signOut());
    state.sessionProperty().addListener((obs, old, session) -> update());
    update();
  }

  /** The items for the Server menu. */
  public List<MenuItem> menuItems() {
    return List.of(connectItem, new SeparatorMenuItem(), embeddedItem, signOutItem);
  }

  public void openConnect() {
    if (switching) {
      return;
    }
    Views.Loaded<ConnectController> dialog = views.load(ConnectController.class, "connect.fxml");
    dialog.controller().setOnConnected(this::switchTo);
    DialogStage.create(owner.get(), dialog.root(), "Connect to a team server").show();
  }

  public void signOut() {
    Session current = state.session();
    if (current == null || current.embedded() || switching) {
      return;
    }
    switchWith("Signing out of " + current.baseUrl() + "…", () -> connector.signOut(current), "could not sign out");
  }

  public void useEmbedded() {
    Session current = state.session();
    if (current == null || current.embedded() || switching) {
      return;
    }
    switchWith("Switching to the embedded server…", connector::useEmbedded, "could not switch");
  }

  /** Shows {@code session} everywhere: the status line, the menu, the views listening to the session. */
  public void switchTo(Session session) {
    state.statusProperty().set(session.describe());
    state.sessionProperty().set(session);
    onSwitched.run();
  }

  private void switchWith(String progress, Callable<Session> work, String failed) {
    Session before = state.session();
    switching = true;
    update();
    state.statusProperty().set(progress);
    tasks.run(work)
        .onSuccess(this::switchTo)
        .onError(error -> {
          String why = error instanceof KeychainUnavailableException k ? k.getMessage() : Failures.describe(error);
          state.statusProperty().set(before.describe() + " — " + failed + ": " + why);
        })
        .andFinally(() -> {
          switching = false;
          update();
        })
        .start();
  }

  private void update() {
    Session session = state.session();
    boolean team = session != null && !session.embedded();
    connectItem.setDisable(switching);
    embeddedItem.setDisable(switching || !team);
    signOutItem.setDisable(switching || !team);
    signOutItem.setText(team ? "Sign out of " + session.baseUrl() : "Sign out");
  }
}
