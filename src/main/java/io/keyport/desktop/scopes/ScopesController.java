package io.keyport.desktop.scopes;

import io.keyport.api.App;
import io.keyport.api.Scope;
import io.keyport.api.Scopes;
import io.keyport.api.Token;
import io.keyport.client.KeyportClient;
import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Links;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.token.AppTokens;
import io.keyport.desktop.token.GeneratedToken;
import io.keyport.vault.Vault;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckListView;

/**
 * The scope checklist: which scopes the user's own token for an app gets. The existing token's
 * scopes come pre-checked, {@code basic} is always checked, {@code export} (and any scope the
 * server marks sensitive) adds a warning. Generate issues the token and keeps it in the vault
 * before the dialog closes and hands the outcome on.
 */
public final class ScopesController {
  static final String SCOPES_DOCS =
      "https://github.com/appdotnet/api-spec/blob/master/content/docs/authentication/index.md#scopes";

  private final DesktopState state;
  private final Tasks tasks;
  private final Vault vault;
  private final Links links;
  private final ScopesPanels panels = new ScopesPanels();
  private App app;
  private Session session;
  private Optional<Token> existing = Optional.empty();
  private Consumer<GeneratedToken> onGenerated = generated -> {};
  private boolean loaded;
  private boolean generating;

  @FXML private Label title;
  @FXML private Label intro;
  @FXML private Hyperlink scopesHelpLink;
  @FXML private VBox scopesHelp;
  @FXML private CheckListView<Scope> scopeList;
  @FXML private ComboBox<Expiry> expiryChoice;
  @FXML private Label exportWarning;
  @FXML private Label replaceWarning;
  @FXML private Label errorMessage;
  @FXML private Label scopeDiff;
  @FXML private Button replaceButton;
  @FXML private Button generateButton;
  @FXML private Button cancelButton;

  private List<String> alsoChecked = List.of();

  public ScopesController(DesktopState state, Tasks tasks, Vault vault, Links links) {
    this.state = state;
    this.tasks = tasks;
    this.vault = vault;
    this.links = links;
  }

  @FXML
  void initialize() {
    StringConverter<Scope> converter =
        new StringConverter<>() {
          @Override
          public String toString(Scope scope) {
            if (scope == null) {
              return "";
            }
            String always = Scopes.BASIC.equals(scope.name()) ? " (always granted)" : "";
            return scope.name() + always + " — " + scope.description();
          }

          @Override
          public Scope fromString(String text) {
            throw new UnsupportedOperationException();
          }
        };
    scopeList.setCellFactory(
        list ->
            new CheckBoxListCell<>(scopeList::getItemBooleanProperty, converter) {
              {
                // wrap long descriptions instead of scrolling sideways (a scroll bar would cover
                // the last row)
                setWrapText(true);
                prefWidthProperty().bind(list.widthProperty().subtract(24));
              }

              @Override
              public void updateItem(Scope item, boolean empty) {
                super.updateItem(item, empty);
                boolean locked = !empty && item != null && Scopes.BASIC.equals(item.name());
                if (getGraphic() instanceof CheckBox box) {
                  box.setDisable(locked);
                  box.setAccessibleText(item == null ? null : "Grant " + item.name());
                }
                setAccessibleText(item == null ? null : converter.toString(item));
              }
            });
    scopeList
        .getCheckModel()
        .getCheckedItems()
        .addListener(
            (ListChangeListener<Scope>)
                change -> {
                  while (change.next()) {
                    for (Scope removed : change.getRemoved()) {
                      if (Scopes.BASIC.equals(removed.name())
                          && scopeList.getItems().contains(removed)) {
                        // basic is always granted: it cannot be unchecked, whatever the input
                        // device
                        scopeList.getCheckModel().check(removed);
                      }
                    }
                  }
                  updateWarnings();
                });
    DialogStage.enterPresses(scopeList, generateButton);
    expiryChoice.getItems().setAll(Expiry.values());
    expiryChoice.setValue(Expiry.NONE);
    generateButton.setDisable(true);
    panels.loadingProperty().set(true);
    fitOnChange(panels.loadingProperty(), scopeList);
    fitOnChange(panels.helpProperty(), scopesHelp);
    fitOnChange(panels.exportWarningProperty(), exportWarning);
    fitOnChange(panels.replaceWarningProperty(), replaceWarning);
    fitOnChange(panels.errorProperty(), errorMessage);
    fitOnChange(panels.scopeDiffProperty(), scopeDiff);
  }

  /** What shows besides the list, for the FXML's bindings. */
  public ScopesPanels getPanels() {
    return panels;
  }

  /** Loads the scope list and the user's current token for {@code app} in the background. */
  public void start(App app, Consumer<GeneratedToken> onGenerated) {
    start(app, onGenerated, List.of());
  }

  /**
   * As {@link #start(App, Consumer)}, with {@code alsoChecked} checked too (e.g. the scope a
   * feature needs).
   */
  public void start(App app, Consumer<GeneratedToken> onGenerated, List<String> alsoChecked) {
    this.alsoChecked = List.copyOf(alsoChecked);
    this.app = app;
    this.onGenerated = onGenerated;
    this.session = state.session();
    title.setText("Generate a user token for " + app.name());
    KeyportClient client = session.client();
    tasks
        .run(() -> new Choices(client.scopes(), client.myToken(app.id())))
        .onSuccess(this::show)
        .onError(error -> showError(Failures.describe(error)))
        .andFinally(() -> panels.loadingProperty().set(false))
        .start();
  }

  private void show(Choices choices) {
    existing = choices.existing();
    scopeList
        .getItems()
        .setAll(choices.scopes().stream().filter(s -> !Scopes.DEVELOPER.equals(s.name())).toList());
    List<String> granted = existing.map(Token::scopes).orElse(List.of());
    for (Scope scope : scopeList.getItems()) {
      if (Scopes.BASIC.equals(scope.name())
          || granted.contains(scope.name())
          || alsoChecked.contains(scope.name())) {
        scopeList.getCheckModel().check(scope);
      }
    }
    existing.ifPresent(
        token -> {
          String ending = token.last4() == null ? "" : " (ending in " + token.last4() + ")";
          replaceWarning.setText(
              "You already have a token for this app"
                  + ending
                  + ". Generating a new one replaces it: your previous token will stop working.");
          panels.replaceWarningProperty().set(true);
        });
    loaded = true;
    generateButton.setDisable(false);
    updateWarnings();
  }

  /**
   * Generate: when it replaces a token whose scopes differ from the checked ones, first shows what
   * is added and removed, to confirm (Replace token) or go back; otherwise generates.
   */
  @FXML
  void generate() {
    if (!loaded || generating || panels.isScopeDiff()) {
      return;
    }
    List<String> chosen = chosenScopes();
    ScopeDifference difference =
        existing
            .map(t -> ScopeDifference.between(Scopes.normalize(t.scopes()), chosen))
            .orElse(new ScopeDifference(List.of(), List.of()));
    if (!difference.isEmpty()) {
      scopeDiff.setText(difference.describe());
      scopeDiff.setAccessibleText(
          "Scopes added: "
              + String.join(", ", difference.added())
              + ". Removed: "
              + String.join(", ", difference.removed()));
      panels.scopeDiffProperty().set(true);
      scopeList.setDisable(true);
      expiryChoice.setDisable(true);
      generateButton.setDisable(true);
      replaceButton.requestFocus();
      return;
    }
    issue(chosen);
  }

  /** Replace token, under the scope difference: generates with the checked scopes. */
  @FXML
  void confirmReplace() {
    if (panels.isScopeDiff()) {
      panels.scopeDiffProperty().set(false);
      issue(chosenScopes());
    }
  }

  /** Go back, under the scope difference: the checklist can be changed again. */
  @FXML
  void backFromDiff() {
    panels.scopeDiffProperty().set(false);
    scopeList.setDisable(false);
    expiryChoice.setDisable(false);
    generateButton.setDisable(!loaded);
    scopeList.requestFocus();
  }

  private List<String> chosenScopes() {
    return Scopes.normalize(
        scopeList.getCheckModel().getCheckedItems().stream().map(Scope::name).toList());
  }

  private void issue(List<String> chosen) {
    if (generating) {
      return;
    }
    generating = true;
    panels.errorProperty().set(false);
    Busy busy = Busy.on(generateButton, "Generating…");
    scopeList.setDisable(true);
    App target = app;
    Session current = session;
    boolean replacing = existing.isPresent();
    Integer expiresInDays = expiryChoice.getValue() == null ? null : expiryChoice.getValue().days();
    expiryChoice.setDisable(true);
    tasks
        .run(() -> AppTokens.generate(vault, current, target, chosen, expiresInDays, replacing))
        .onSuccess(
            generated -> {
              close();
              onGenerated.accept(generated);
            })
        .onError(error -> showError(Failures.describe(error)))
        .andFinally(
            () -> {
              generating = false;
              busy.done();
              generateButton.setDisable(!loaded);
              scopeList.setDisable(false);
              expiryChoice.setDisable(false);
            })
        .start();
  }

  @FXML
  void cancel() {
    close();
  }

  @FXML
  void toggleScopesHelp() {
    panels.helpProperty().set(!panels.isHelp());
    scopesHelpLink.setText(panels.isHelp() ? "Hide the explanation" : "What are scopes?");
  }

  @FXML
  void openScopesDocs() {
    links.open(SCOPES_DOCS);
  }

  private void updateWarnings() {
    boolean sensitive =
        scopeList.getCheckModel().getCheckedItems().stream()
            .anyMatch(s -> s.sensitive() || Scopes.EXPORT.equals(s.name()));
    panels.exportWarningProperty().set(sensitive);
  }

  private void showError(String message) {
    errorMessage.setText(message);
    panels.errorProperty().set(true);
  }

  private void close() {
    if (generateButton.getScene() != null
        && generateButton.getScene().getWindow() instanceof Stage stage) {
      stage.close();
    }
  }

  /** The dialog fits its content again when {@code node} shows or hides. */
  private static void fitOnChange(ObservableValue<Boolean> shown, Node node) {
    shown.addListener((o, was, is) -> DialogStage.fit(node));
  }

  private record Choices(List<Scope> scopes, Optional<Token> existing) {}
}
