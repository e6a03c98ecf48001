package io.keyport.desktop.detail;

import io.keyport.api.App;
import io.keyport.api.AppChanges;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Problem;
import io.keyport.api.Rules;
import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.SecretField;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.session.ClipboardGuard;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Navigation;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.token.TokensBlockController;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * An app's detail: name, website and callback URLs to edit and Save (with {@code If-Match}), the
 * client id, the client secret masked until Reveal, Rotate and Delete. The second block,
 * {@link #tokensBlock()}, belongs to the tokens feature.
 */
public final class AppDetailController {
  private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");
  static final String MASK = "••••••••••••••••••••••••••••••••••••";

  private final DesktopState state;
  private final Tasks tasks;
  private final ClipboardGuard clipboard;
  private final Settings settings;
  private final Navigation navigation;
  private final Dialogs dialogs;
  private final Views views;
  private final ReadOnlyObjectWrapper<App> app = new ReadOnlyObjectWrapper<>(this, "app");
  private final ObservableList<String> callbacks = FXCollections.observableArrayList();
  private final List<Runnable> onLeave = new ArrayList<>();
  private final PauseTransition remask = new PauseTransition();
  private Secret revealed;
  private boolean saving;
  private boolean left;
  private Runnable retry;

  @FXML private Button backButton;
  @FXML private Label title;
  @FXML private HBox banner;
  @FXML private Label bannerMessage;
  @FXML private Button bannerAction;
  @FXML private TextField nameField;
  @FXML private Label nameError;
  @FXML private TextField websiteField;
  @FXML private Label websiteError;
  @FXML private TextField clientIdField;
  @FXML private TextField secretField;
  @FXML private Button revealButton;
  @FXML private Button copySecretButton;
  @FXML private Button rotateButton;
  @FXML private Label secretNote;
  @FXML private ListView<String> callbackList;
  @FXML private TextField newCallbackField;
  @FXML private Button addCallbackButton;
  @FXML private Button removeCallbackButton;
  @FXML private Label callbackError;
  @FXML private Button saveButton;
  @FXML private Label saveState;
  @FXML private Button deleteButton;
  @FXML private VBox tokensBlock;

  public AppDetailController(DesktopState state, Tasks tasks, ClipboardGuard clipboard, Settings settings,
      Navigation navigation, Dialogs dialogs, Views views) {
    this.state = state;
    this.tasks = tasks;
    this.clipboard = clipboard;
    this.settings = settings;
    this.navigation = navigation;
    this.dialogs = dialogs;
    this.views = views;
  }

  @FXML
  void initialize() {
    callbackList.setItems(callbacks);
    callbackList.setPlaceholder(new Label("No callback URL yet: add one below."));
    tokensBlock.visibleProperty().bind(Bindings.isNotEmpty(tokensBlock.getChildren()));
    tokensBlock.managedProperty().bind(tokensBlock.visibleProperty());
    removeCallbackButton.disableProperty().bind(
        callbackList.getSelectionModel().selectedItemProperty().isNull());
    nameField.textProperty().addListener((o, a, b) -> edited());
    websiteField.textProperty().addListener((o, a, b) -> edited());
    callbacks.addListener((javafx.collections.ListChangeListener<String>) c -> edited());
    newCallbackField.textProperty().addListener((o, a, b) -> showCallbackProblem());
    newCallbackField.setOnAction(e -> addCallback());
    callbackList.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.DELETE && callbackList.getSelectionModel().getSelectedItem() != null) {
        removeCallback();
      }
    });
    secretField.setText(MASK);
    SecretField.copyThrough(secretField, this::copySecret);
    remask.setOnFinished(e -> mask());
  }

  /** Shows {@code shown}: called once, right after the view is loaded. */
  public void open(App shown) {
    app.set(shown);
    fill(shown);
    Views.Loaded<TokensBlockController> tokens = views.load(TokensBlockController.class, "tokens-block.fxml");
    tokensBlock.getChildren().setAll(tokens.root());
    tokens.controller().setApp(shown);
  }

  /** The app on screen (its last version loaded or saved). */
  public ReadOnlyObjectProperty<App> appProperty() {
    return app.getReadOnlyProperty();
  }

  /**
   * The second block of the page, "Generate a user token for yourself": empty (and hidden) until
   * the tokens feature puts its nodes here.
   */
  public VBox tokensBlock() {
    return tokensBlock;
  }

  /** Runs {@code action} when the view is left (back to Your Apps, another app, the window closing). */
  public void onLeave(Runnable action) {
    onLeave.add(action);
  }

  /** The view is going away: hide the secret, stop its timer, tell the blocks. */
  public void leave() {
    if (left) {
      return;
    }
    left = true;
    mask();
    onLeave.forEach(Runnable::run);
  }

  /** True when there is nothing unsaved, or the user agreed to drop it. */
  public boolean mayLeave() {
    if (!isDirty()) {
      return true;
    }
    return dialogs.confirm(saveButton, "Unsaved changes", "Discard your changes to " + app.get().name() + "?",
        "Your edits to this app have not been saved.", "Discard");
  }

  /** True when a field differs from the app as last loaded or saved. */
  public boolean isDirty() {
    App base = app.get();
    return base != null && (!nameField.getText().equals(base.name())
        || !websiteField.getText().equals(nullToEmpty(base.website()))
        || !callbacks.equals(base.callbackUrls()));
  }

  // ---- loading --------------------------------------------------------------------------------

  /** Loads the app again; edits the user made are kept (see {@link #merge}). */
  public void reload() {
    Session session = state.session();
    App base = app.get();
    if (session == null || base == null) {
      return;
    }
    Busy busy = Busy.on(bannerAction);
    tasks.run(() -> session.client().getApp(base.id()))
        .onSuccess(latest -> {
          state.serverAnswered();
          boolean hadEdits = isDirty();
          merge(base, latest);
          if (hadEdits) {
            info("Reloaded the latest version. Your edits are kept: Save to apply them.");
          } else {
            hideBanner();
          }
        })
        .onError(error -> failed(error, this::reload))
        .andFinally(busy::done)
        .start();
  }

  /**
   * Takes {@code latest} as the new base: a field the user left as it was in {@code base} takes
   * the latest value, a field the user changed keeps the user's value.
   */
  private void merge(App base, App latest) {
    String name = nameField.getText().equals(base.name()) ? latest.name() : nameField.getText();
    String website = websiteField.getText().equals(nullToEmpty(base.website()))
        ? nullToEmpty(latest.website()) : websiteField.getText();
    List<String> urls = callbacks.equals(base.callbackUrls()) ? latest.callbackUrls() : List.copyOf(callbacks);
    app.set(latest);
    title.setText(latest.name());
    clientIdField.setText(latest.clientId());
    nameField.setText(name);
    websiteField.setText(website);
    callbacks.setAll(urls);
    edited();
  }

  private void fill(App shown) {
    title.setText(shown.name());
    nameField.setText(shown.name());
    websiteField.setText(nullToEmpty(shown.website()));
    clientIdField.setText(shown.clientId());
    callbacks.setAll(shown.callbackUrls() == null ? List.of() : shown.callbackUrls());
    edited();
  }

  // ---- editing and saving ---------------------------------------------------------------------

  private void edited() {
    if (app.get() == null) {
      return;
    }
    showError(nameError, Rules.appName(nameField.getText()).map(Problem::message).orElse(null), nameField);
    showError(websiteError, Rules.website(websiteField.getText().strip()).map(Problem::message).orElse(null),
        websiteField);
    showCallbackProblem();
    boolean dirty = isDirty();
    saveState.setText(saving ? "Saving…" : dirty ? "Unsaved changes" : "All changes saved");
    saveButton.setDisable(saving || !dirty || !valid());
  }

  /** The URL being typed, checked as it is typed; else what is wrong with the list. */
  private void showCallbackProblem() {
    String typed = newCallbackField.getText();
    Optional<Problem> problem = typed.isBlank() ? Rules.callbackUrls(callbacks)
        : Rules.callbackUrl(Rules.CALLBACK_URLS, typed.strip());
    showError(callbackError, problem.map(Problem::message).orElse(null), newCallbackField);
  }

  private boolean valid() {
    return Rules.appName(nameField.getText()).isEmpty()
        && Rules.website(websiteField.getText().strip()).isEmpty()
        && Rules.callbackUrls(callbacks).isEmpty();
  }

  @FXML
  void addCallback() {
    String url = newCallbackField.getText().strip();
    Optional<String> problem = Rules.callbackUrl(Rules.CALLBACK_URLS, url).map(Problem::message);
    if (problem.isEmpty() && callbacks.contains(url)) {
      problem = Optional.of(url + " is already in the list.");
    }
    if (problem.isEmpty() && callbacks.size() >= Rules.CALLBACKS_MAX) {
      problem = Optional.of("At most " + Rules.CALLBACKS_MAX + " callback URLs.");
    }
    if (problem.isPresent()) {
      showError(callbackError, problem.get(), newCallbackField);
      newCallbackField.requestFocus();
      return;
    }
    callbacks.add(url);
    newCallbackField.clear();
    callbackList.getSelectionModel().select(url);
  }

  @FXML
  void removeCallback() {
    String selected = callbackList.getSelectionModel().getSelectedItem();
    if (selected != null) {
      callbacks.remove(selected);
    }
  }

  /** Saves the edits (Save, Ctrl+S); does nothing while a save runs or when nothing changed. */
  @FXML
  public void save() {
    Session session = state.session();
    App base = app.get();
    if (session == null || base == null || saving || !valid() || !isDirty()) {
      return;
    }
    String name = nameField.getText().strip();
    String website = websiteField.getText().strip();
    List<String> urls = List.copyOf(callbacks);
    AppChanges changes = new AppChanges(
        name.equals(base.name()) ? null : name,
        website.equals(nullToEmpty(base.website())) ? null : website,
        urls.equals(base.callbackUrls()) ? null : urls);
    saving = true;
    edited();
    Busy busy = Busy.on(saveButton);
    tasks.run(() -> session.client().updateApp(base.id(), base.version(), changes))
        .onSuccess(saved -> {
          state.serverAnswered();
          hideBanner();
          app.set(saved);
          fill(saved);
        })
        .onError(this::saveFailed)
        .andFinally(() -> {
          saving = false;
          busy.done();
          edited();
        })
        .start();
  }

  private void saveFailed(Throwable error) {
    if (error instanceof ApiException api && api.is(ErrorSlug.VERSION_CONFLICT)) {
      warn("This app was changed somewhere else (another window or client) since you loaded it. "
          + "Your edits are still here: reload the latest version, keeping your edits, then Save again.",
          "Reload, keep my edits", this::reload);
      return;
    }
    if (error instanceof ApiException api && api.is(ErrorSlug.NAME_TAKEN)) {
      showError(nameError, api.messageForField(), nameField);
      return;
    }
    if (error instanceof ApiException api && api.is(ErrorSlug.INVALID_REQUEST)) {
      if (api.isAbout(Rules.CALLBACK_URLS)) {
        showError(callbackError, api.messageForField(), newCallbackField);
        return;
      }
      if (api.isAbout(Rules.WEBSITE)) {
        showError(websiteError, api.messageForField(), websiteField);
        return;
      }
      if (api.isAbout(Rules.NAME)) {
        showError(nameError, api.messageForField(), nameField);
        return;
      }
    }
    failed(error, this::save);
  }

  // ---- the client id and secret ---------------------------------------------------------------

  @FXML
  void copyClientId() {
    clipboard.copyText(clientIdField.getText(), "Client ID");
  }

  @FXML
  void toggleReveal() {
    if (revealed != null) {
      mask();
      return;
    }
    withSecret(revealButton, secret -> {
      revealed = secret;
      secretField.setText(secret.reveal());
      secretField.setAccessibleText("Client secret, shown");
      revealButton.setText("Hide");
      revealButton.setAccessibleText("Hide the client secret");
      int seconds = settings.revealTimeoutSecondsProperty().get();
      secretNote.setText("Shown for " + seconds + " s, then hidden again.");
      remask.setDuration(Duration.seconds(seconds));
      remask.playFromStart();
    });
  }

  /** Copies the secret through the clipboard guard without showing it. */
  @FXML
  void copySecret() {
    if (revealed != null) {
      clipboard.copySecret(revealed, "Client secret");
      return;
    }
    withSecret(copySecretButton, secret -> clipboard.copySecret(secret, "Client secret"));
  }

  /** True while the secret is on screen. */
  public boolean isRevealed() {
    return revealed != null;
  }

  private void withSecret(Button control, Consumer<Secret> use) {
    Session session = state.session();
    App base = app.get();
    if (session == null || base == null || Busy.isBusy(control)) {
      return;
    }
    Busy busy = Busy.on(control);
    tasks.run(() -> session.client().revealSecret(base.id()))
        .onSuccess(secret -> {
          if (!left) {
            use.accept(secret);
          }
        })
        .onError(error -> failed(error, () -> withSecret(control, use)))
        .andFinally(busy::done)
        .start();
  }

  private void mask() {
    remask.stop();
    revealed = null;
    secretField.setText(MASK);
    secretField.setAccessibleText("Client secret, hidden");
    revealButton.setText("Reveal");
    revealButton.setAccessibleText("Reveal the client secret");
    secretNote.setText("Keep the client secret secret: it lets anyone act as this app.");
  }

  @FXML
  void rotateSecret() {
    Session session = state.session();
    App base = app.get();
    if (session == null || base == null || Busy.isBusy(rotateButton)) {
      return;
    }
    boolean sure = dialogs.confirm(rotateButton, "Rotate client secret",
        "Make a new client secret for " + base.name() + "?",
        "The current secret stops working at once: every program using it must be given the new one.",
        "Rotate secret");
    if (!sure) {
      return;
    }
    mask();
    Busy busy = Busy.on(rotateButton);
    tasks.run(() -> session.client().rotateSecret(base.id()))
        .onSuccess(secret -> info("New client secret made; the old one no longer works. Reveal or Copy it."))
        .onError(error -> failed(error, null))
        .andFinally(busy::done)
        .start();
  }

  @FXML
  void deleteApp() {
    Session session = state.session();
    App base = app.get();
    if (session == null || base == null || Busy.isBusy(deleteButton)) {
      return;
    }
    Views.Loaded<DeleteAppController> loaded = views.load(DeleteAppController.class, "delete-app.fxml");
    if (!loaded.controller().confirm(deleteButton, base.name())) {
      return;
    }
    Busy busy = Busy.on(deleteButton);
    tasks.run(() -> {
          session.client().deleteApp(base.id());
          return null;
        })
        .onSuccess(done -> {
          app.set(null);
          navigation.showApps();
          state.statusProperty().set(session.describe() + " · Deleted " + base.name());
        })
        .onError(error -> failed(error, null))
        .andFinally(busy::done)
        .start();
  }

  @FXML
  void back() {
    navigation.showApps();
  }

  // ---- the banner -----------------------------------------------------------------------------

  private void failed(Throwable error, Runnable again) {
    state.serverUnreachable(error);
    if (Failures.isUnreachable(error)) {
      warn(Failures.describe(error) + " Nothing you typed is lost.", "Retry", again);
    } else {
      warn(Failures.describe(error), again == null ? null : "Retry", again);
    }
  }

  private void warn(String message, String action, Runnable onAction) {
    showBanner("danger", message, action, onAction);
  }

  private void info(String message) {
    showBanner("info", message, null, null);
  }

  private void showBanner(String kind, String message, String action, Runnable onAction) {
    banner.getStyleClass().removeAll("danger", "info");
    banner.getStyleClass().add(kind);
    bannerMessage.setText(message);
    retry = onAction;
    bannerAction.setText(action == null ? "" : action);
    bannerAction.setVisible(action != null);
    bannerAction.setManaged(action != null);
    bannerAction.setAccessibleText(action);
    banner.setVisible(true);
    banner.setManaged(true);
  }

  @FXML
  void bannerAction() {
    Runnable again = retry;
    if (again != null) {
      again.run();
    }
  }

  @FXML
  void hideBanner() {
    banner.setVisible(false);
    banner.setManaged(false);
    retry = null;
  }

  /** The banner's text when it is shown, else null (for tests and screen readers). */
  public String bannerText() {
    return banner.isVisible() ? bannerMessage.getText() : null;
  }

  private static void showError(Label label, String message, TextField field) {
    boolean show = message != null;
    label.setText(show ? message : "");
    label.setVisible(show);
    label.setManaged(show);
    field.pseudoClassStateChanged(DANGER, show);
  }

  private static String nullToEmpty(String s) {
    return Objects.requireNonNullElse(s, "");
  }
}
