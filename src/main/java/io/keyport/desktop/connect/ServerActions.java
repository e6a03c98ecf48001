package io.keyport.desktop.connect;

import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javafx.collections.ObservableList;
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
  private final Vault vault;
  private final MenuItem connectItem = new MenuItem("Connect to a team server…");
  private final List<MenuItem> items = new ArrayList<>();
  private final ObservableList<MenuItem> target;
  private final MenuItem embeddedItem = new MenuItem("Use the embedded server");
  private final MenuItem signOutItem = new MenuItem("Sign out");
  private boolean switching;

  /**
   * {@code onSwitched} runs on the FX thread once another session is in place (e.g. back to Your
   * Apps).
   */
  public ServerActions(
      DesktopState state,
      Tasks tasks,
      Views views,
      Connector connector,
      Vault vault,
      ObservableList<MenuItem> menu,
      Supplier<Window> owner,
      Runnable onSwitched) {
    this.vault = vault;
    this.target = menu;
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
    state
        .sessionProperty()
        .addListener(
            (obs, old, session) -> {
              update();
              refreshKept();
            });
    update();
    target.setAll(connectItem, new SeparatorMenuItem(), embeddedItem, signOutItem);
  }

  /**
   * Lists the team sign-ins the vault keeps (read in the background) as "Reconnect to … as …"
   * items, so going back after "Use the embedded server" needs no password.
   */
  private void refreshKept() {
    tasks
        .run(vault::list)
        .onSuccess(
            entries -> {
              Session current = state.session();
              List<MenuItem> reconnects = new ArrayList<>();
              entries.stream()
                  .filter(e -> e.key().isSession())
                  .filter(
                      e ->
                          current == null
                              || current.embedded()
                              || !e.key().server().equals(current.baseUrl().toString()))
                  .map(e -> List.of(e.key().server(), e.key().account()))
                  .distinct()
                  .forEach(
                      serverAndAccount -> {
                        String server = serverAndAccount.get(0);
                        MenuItem item =
                            new MenuItem(
                                "Reconnect to " + server + " as " + serverAndAccount.get(1));
                        item.setOnAction(ev -> reconnect(URI.create(server)));
                        item.setDisable(switching);
                        reconnects.add(item);
                      });
              items.clear();
              items.addAll(reconnects);
              List<MenuItem> all = new ArrayList<>();
              all.add(connectItem);
              all.addAll(reconnects);
              all.add(new SeparatorMenuItem());
              all.add(embeddedItem);
              all.add(signOutItem);
              target.setAll(all);
            })
        .start();
  }

  public void reconnect(URI server) {
    if (switching) {
      return;
    }
    switchWith(
        "Connecting to " + server + "…", () -> connector.reconnect(server), "could not reconnect");
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
    switchWith(
        "Signing out of " + current.baseUrl() + "…",
        () -> connector.signOut(current),
        "could not sign out");
  }

  /**
   * Back to the embedded server; also the way out when the remembered team server cannot be
   * reached.
   */
  public void useEmbedded() {
    Session current = state.session();
    if ((current != null && current.embedded()) || switching) {
      return;
    }
    switchWith("Switching to the embedded server…", connector::useEmbedded, "could not switch");
  }

  /**
   * Shows {@code session} everywhere: the status line, the menu, the views listening to the
   * session.
   */
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
    tasks
        .run(work)
        .onSuccess(this::switchTo)
        .onError(
            error -> {
              String why =
                  error instanceof KeychainUnavailableException k
                      ? k.getMessage()
                      : Failures.describe(error);
              state
                  .statusProperty()
                  .set(
                      before == null
                          ? "Not connected — " + failed + ": " + why
                          : before.describe() + " — " + failed + ": " + why);
            })
        .andFinally(
            () -> {
              switching = false;
              update();
            })
        .start();
  }

  private void update() {
    Session session = state.session();
    boolean team = session != null && !session.embedded();
    connectItem.setDisable(switching);
    items.forEach(item -> item.setDisable(switching));
    // not connected (e.g. the remembered team server is down): the embedded server is the way out
    embeddedItem.setDisable(switching || (session != null && session.embedded()));
    signOutItem.setDisable(switching || !team);
    signOutItem.setText(team ? "Sign out of " + session.baseUrl() : "Sign out");
  }
}
