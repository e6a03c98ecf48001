package io.keyport.desktop.trysignin;

import io.keyport.api.App;
import io.keyport.api.Scope;
import io.keyport.api.Scopes;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Feedback;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.signin.BrowserLauncher;
import io.keyport.desktop.signin.SignInFlow;
import io.keyport.desktop.signin.SignInFlow.Pending;
import io.keyport.desktop.trysignin.TrySignInModel.Phase;
import java.io.IOException;
import java.net.URI;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * "Try sign-in…" (UX.md 10): pick a callback URL and scopes, Start; the system browser opens the
 * server's authorize page and Keyport listens for the redirect (a loopback callback) or takes the
 * URL the browser landed on (any other); the timeline shows each step, secrets masked; the token
 * can be copied through the clipboard guard or kept in the keychain as the user's token for the
 * app.
 */
public final class TrySignInController {
  private final DesktopState state;
  private final Tasks tasks;
  private final BrowserLauncher browser;
  private final ClipboardGuard clipboard;
  private final TrySignInModel model = new TrySignInModel();
  private App app;
  private Runnable onSaved = () -> {};
  private volatile SignInFlow flow;
  private Pending pending;

  @FXML private Label title;
  @FXML private ComboBox<String> callbackBox;
  @FXML private Label callbackNote;
  @FXML private FlowPane scopeBoxes;
  @FXML private Button startButton;
  @FXML private Button cancelButton;
  @FXML private VBox pasteBox;
  @FXML private TextField authorizeField;
  @FXML private Button copyAuthorizeButton;
  @FXML private TextField landedField;
  @FXML private Button exchangeButton;
  @FXML private ScrollPane timelineScroll;
  @FXML private VBox timeline;
  @FXML private Label emptyTimeline;
  @FXML private VBox failureBox;
  @FXML private Label failureMessage;
  @FXML private VBox mismatchBox;
  @FXML private Button freePortButton;
  @FXML private VBox resultBox;
  @FXML private TryResultController resultController;

  public TrySignInController(
      DesktopState state, Tasks tasks, Links links, ClipboardGuard clipboard) {
    this.state = state;
    this.tasks = tasks;
    this.clipboard = clipboard;
    // HostServices is called on the FX thread, as it expects; the flow runs in the background
    this.browser = url -> Platform.runLater(() -> links.open(url.toString()));
  }

  /** The dialog's state; tests shorten its timeout. */
  public TrySignInModel model() {
    return model;
  }

  @FXML
  void initialize() {
    callbackBox.setItems(model.registered());
    callbackBox.valueProperty().bindBidirectional(model.callbackProperty());
    callbackBox.getEditor().textProperty().bindBidirectional(model.callbackProperty());
    callbackBox.disableProperty().bind(model.runningProperty());
    callbackNote.textProperty().bind(model.callbackNoteProperty());
    for (Scope scope : Scopes.GRANTABLE) {
      CheckBox box = new CheckBox(scope.name());
      box.setId("scope-" + scope.name());
      box.setMnemonicParsing(false); // write_post, not writepost
      box.setSelected(model.scopes().contains(scope.name()));
      box.setDisable(Scopes.BASIC.equals(scope.name()));
      box.setAccessibleHelp(scope.description());
      box.selectedProperty()
          .addListener(
              (o, was, is) -> {
                if (is) {
                  model.scopes().add(scope.name());
                } else {
                  model.scopes().remove(scope.name());
                }
              });
      scopeBoxes.getChildren().add(box);
    }
    startButton.disableProperty().bind(model.canStartProperty().not());
    cancelButton
        .disableProperty()
        .bind(model.runningProperty().not().and(model.phaseProperty().isNotEqualTo(Phase.PASTE)));
    show(pasteBox, model.phaseProperty().isEqualTo(Phase.PASTE).or(pasteExchanging()));
    exchangeButton.disableProperty().bind(model.phaseProperty().isNotEqualTo(Phase.PASTE));
    landedField.textProperty().bindBidirectional(model.landedUrlProperty());
    show(failureBox, model.messageProperty().isNotNull());
    failureMessage.textProperty().bind(model.messageProperty());
    show(resultBox, model.tokenProperty().isNotNull());
    model.steps().addListener((ListChangeListener<SignInFlow.Step>) c -> showSteps());
    // a failure, the token or the paste fields appeared: grow the window to show them
    model.phaseProperty().addListener((o, old, now) -> DialogStage.fit(timeline));
    model.failureProperty().addListener((o, old, f) -> showFailure());
    model
        .tokenProperty()
        .addListener((o, old, token) -> resultController.show(app, token, onSaved));
    // the newest step in sight
    timeline.heightProperty().addListener((o, old, h) -> timelineScroll.setVvalue(1.0));
  }

  private BooleanBinding pasteExchanging() {
    return Bindings.createBooleanBinding(
        () -> model.getPhase() == Phase.EXCHANGING && pending != null, model.phaseProperty());
  }

  private static void show(Node node, ObservableBooleanValue shown) {
    node.visibleProperty().bind(shown);
    node.managedProperty().bind(shown);
  }

  /** Shows {@code shown}; {@code onSaved} runs once a token was kept (the tokens block reloads). */
  public void open(App shown, Runnable onSaved) {
    this.app = shown;
    this.onSaved = onSaved;
    title.setText("Try sign-in with " + shown.name());
    model.load(shown);
  }

  @FXML
  void start() {
    Session session = state.session();
    if (session == null || app == null || !model.isCanStart()) {
      return;
    }
    boolean loopback = model.loopbackProperty().get();
    model.started();
    pending = null;
    SignInFlow run =
        new SignInFlow(
            session.client(),
            browser,
            model.timeoutProperty().get(),
            step -> Platform.runLater(() -> model.step(step)));
    flow = run;
    App shown = app;
    if (loopback) {
      tasks
          .run(() -> run.run(model.request(shown, session.client().revealSecret(shown.id()))))
          .onSuccess(model::succeeded)
          .onError(model::failed)
          .andFinally(() -> flow = null)
          .start();
    } else {
      tasks
          .run(() -> run.begin(model.request(shown, session.client().revealSecret(shown.id()))))
          .onSuccess(
              p -> {
                pending = p;
                authorizeField.setText(p.authorizeUrl().toString());
                landedField.requestFocus();
              })
          .onError(model::failed)
          .start();
    }
  }

  @FXML
  void exchange() {
    SignInFlow run = flow;
    Pending p = pending;
    if (run == null || p == null || model.getPhase() != Phase.PASTE) {
      return;
    }
    String landed = model.landedUrlProperty().get();
    model.exchanging();
    Busy busy = Busy.on(exchangeButton);
    tasks
        .run(() -> run.finish(p, landed))
        .onSuccess(model::succeeded)
        .onError(model::failed)
        .andFinally(
            () -> {
              busy.done();
              if (model.getPhase() != Phase.PASTE) {
                flow = null;
                pending = null;
              }
            })
        .start();
  }

  /** Stops waiting at once: the loopback listener closes, the port is free again. */
  @FXML
  public void cancel() {
    SignInFlow run = flow;
    if (run != null) {
      // closing the listener may wait on its dispatcher thread: not on the FX thread
      tasks.run(run::cancel).start();
    }
    if (model.getPhase() == Phase.PASTE) {
      flow = null;
      pending = null;
      model.cancelled();
    }
  }

  @FXML
  void copyAuthorize() {
    // carries the state but no secret of the user's: a plain copy, as a browser would show it
    clipboard.copyText(authorizeField.getText(), "Authorize URL");
    Feedback.flash(copyAuthorizeButton, "Copied");
  }

  @FXML
  void openAuthorize() {
    if (!authorizeField.getText().isEmpty()) {
      Platform.runLater(() -> browserOpen(authorizeField.getText()));
    }
  }

  private void browserOpen(String url) {
    try {
      browser.open(URI.create(url));
    } catch (IOException e) {
      model.failed(e);
    }
  }

  @FXML
  void useFreePort() {
    model.useFreePort();
    start();
  }

  @FXML
  void close() {
    cancel();
    if (startButton.getScene() != null && startButton.getScene().getWindow() instanceof Stage s) {
      s.close();
    }
  }

  private void showSteps() {
    timeline.getChildren().setAll(emptyTimeline);
    emptyTimeline.setVisible(model.steps().isEmpty());
    emptyTimeline.setManaged(model.steps().isEmpty());
    int n = 0;
    for (SignInFlow.Step step : model.steps()) {
      timeline.getChildren().add(TimelineViews.row(++n, step));
    }
  }

  private void showFailure() {
    mismatchBox.getChildren().clear();
    model
        .difference()
        .ifPresent(
            d ->
                mismatchBox
                    .getChildren()
                    .setAll(TimelineViews.mismatch(d, model.failureProperty().get().registered())));
    int free =
        model.failureProperty().get() == null ? -1 : model.failureProperty().get().freePort();
    freePortButton.setVisible(free > 0);
    freePortButton.setManaged(free > 0);
    freePortButton.setText("Try again on port " + free);
  }
}
