package io.keyport.desktop.trysignin;

import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.password.BrowserPasswordController;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;

/**
 * {@code try-password.fxml}, Try sign-in's note above Start: the browser's sign-in page asks for a
 * password, and the embedded server's local account has none, so the note says so and offers "Set a
 * password…". It asks the server in the background when the dialog opens; on a failure to ask it
 * stays hidden (Start still works for an account that can sign in).
 */
public final class TryPasswordController {
  private final DesktopState state;
  private final Tasks tasks;
  private final Views views;
  private final TryPasswordModel model = new TryPasswordModel();

  @FXML private Label passwordExplanation;
  @FXML private Button setPasswordButton;

  public TryPasswordController(DesktopState state, Tasks tasks, Views views) {
    this.state = state;
    this.tasks = tasks;
    this.views = views;
  }

  /** The note's state (the FXML binds to it; tests read it). */
  public TryPasswordModel getModel() {
    return model;
  }

  @FXML
  void initialize() {
    // the note appeared or changed: grow the dialog to show it
    model.shownProperty().addListener((o, was, is) -> DialogStage.fit(passwordExplanation));
    Session session = state.session();
    if (session == null) {
      return;
    }
    tasks
        .run(session.client()::passwordStatus)
        .onSuccess(model::loaded)
        .onError(error -> model.hasPasswordProperty().set(null))
        .start();
  }

  @FXML
  void setPassword() {
    Views.Loaded<BrowserPasswordController> loaded =
        views.load(BrowserPasswordController.class, "browser-password.fxml");
    loaded
        .controller()
        .show(
            setPasswordButton.getScene() == null ? null : setPasswordButton.getScene().getWindow(),
            loaded.root(),
            model::set);
  }
}
