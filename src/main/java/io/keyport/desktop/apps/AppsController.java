package io.keyport.desktop.apps;

import io.keyport.api.App;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Styles;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.DesktopState;
import io.keyport.desktop.session.LaunchProbe;
import io.keyport.desktop.session.Navigation;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.token.AppTokens;
import io.keyport.desktop.token.TokenExpiry;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/**
 * "Your Apps": the caller's apps, loaded in the background, with an empty state and a Retry banner.
 * An app whose kept token expires within a week, or has expired, carries a badge saying so (from
 * the vault's index, read in the background after each load); the first time they are known, they
 * are handed to the launch reminder.
 */
public final class AppsController {
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  private final DesktopState state;
  private final Tasks tasks;
  private final Navigation navigation;
  private final LaunchProbe probe;
  private final Vault vault;
  private final Clock clock;
  private final ObservableList<App> apps = FXCollections.observableArrayList();

  /** The apps the filter matches; it makes each app's lower-cased search key once per load. */
  private final AppFilter filter = AppFilter.over(apps);

  private final Label noMatch = new Label();

  /** The badges: the kept tokens that expire soon or have, by their app's client id. */
  private Map<String, TokenExpiry> expiring = Map.of();

  private boolean expiryKnown;
  private Consumer<List<TokenExpiry>> onFirstExpiring = expiring -> {};
  private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading", true);
  private final BooleanProperty failed = new SimpleBooleanProperty(this, "failed");
  private final BooleanProperty loadedOnce = new SimpleBooleanProperty();
  private final BooleanProperty empty = new SimpleBooleanProperty();
  private final BooleanBinding emptyShown = loadedOnce.and(empty);
  private final BooleanBinding tableShown = loadedOnce.and(empty.not());

  @FXML private TextField filterField;
  @FXML private Button newAppButton;
  @FXML private Hyperlink createLink;
  @FXML private TableView<App> table;
  @FXML private TableColumn<App, String> nameColumn;
  @FXML private TableColumn<App, String> websiteColumn;
  @FXML private TableColumn<App, String> clientIdColumn;
  @FXML private TableColumn<App, String> createdColumn;
  @FXML private TableColumn<App, TokenExpiry> tokenColumn;
  @FXML private Label bannerMessage;
  @FXML private Button retryButton;

  public AppsController(
      DesktopState state,
      Tasks tasks,
      Navigation navigation,
      LaunchProbe probe,
      Vault vault,
      Clock clock) {
    this.state = state;
    this.tasks = tasks;
    this.navigation = navigation;
    this.probe = probe;
    this.vault = vault;
    this.clock = clock;
  }

  /**
   * Given, once, the kept tokens that expire soon or have expired as first read after a list loaded
   * (possibly none): the launch hook of the main window.
   */
  public void setOnFirstExpiring(Consumer<List<TokenExpiry>> onFirstExpiring) {
    this.onFirstExpiring = onFirstExpiring;
  }

  /** The badge on {@code app}'s row, if its kept token expires soon or has expired. */
  public Optional<TokenExpiry> expiryOf(App app) {
    return Optional.ofNullable(expiring.get(app.clientId()));
  }

  /** True while the list loads: the spinner shows. */
  public BooleanProperty loadingProperty() {
    return loading;
  }

  public boolean isLoading() {
    return loading.get();
  }

  /** True while the last load failed: the Retry banner shows. */
  public BooleanProperty failedProperty() {
    return failed;
  }

  public boolean isFailed() {
    return failed.get();
  }

  /** True once a list loaded and it has no app: the empty state shows. */
  public BooleanBinding emptyShownProperty() {
    return emptyShown;
  }

  public boolean isEmptyShown() {
    return emptyShown.get();
  }

  /** True once a list loaded with apps in it: the table shows. */
  public BooleanBinding tableShownProperty() {
    return tableShown;
  }

  public boolean isTableShown() {
    return tableShown.get();
  }

  @FXML
  void initialize() {
    nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
    websiteColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().website()));
    clientIdColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().clientId()));
    createdColumn.setCellValueFactory(
        c ->
            new ReadOnlyStringWrapper(
                c.getValue().createdAt() == null ? "" : CREATED.format(c.getValue().createdAt())));
    tokenColumn.setCellValueFactory(
        c -> new ReadOnlyObjectWrapper<>(expiring.get(c.getValue().clientId())));
    tokenColumn.setCellFactory(column -> new ExpiryCell());
    tokenColumn.setSortable(false);
    SortedList<App> sorted = new SortedList<>(filter.shown());
    sorted.comparatorProperty().bind(table.comparatorProperty());
    table.setItems(sorted);
    table.setPlaceholder(noMatch);
    filterField.textProperty().addListener((o, a, text) -> filter(text));
    filterField.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ESCAPE && !filterField.getText().isEmpty()) {
            filterField.clear();
            e.consume();
          } else if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
            focusTable();
            e.consume();
          }
        });
    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            openSelected();
            e.consume();
          }
        });
    table.setRowFactory(
        t -> {
          TableRow<App> row = new TableRow<>();
          row.setOnMouseClicked(
              e -> {
                if (e.getButton() == MouseButton.PRIMARY
                    && e.getClickCount() == 2
                    && !row.isEmpty()) {
                  navigation.openApp(row.getItem());
                }
              });
          return row;
        });
    newAppButton.disableProperty().bind(state.sessionProperty().isNull());
    createLink.disableProperty().bind(state.sessionProperty().isNull());
    state
        .sessionProperty()
        .addListener(
            (obs, old, session) -> {
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
    loading.set(true);
    retryButton.setDisable(true);
    tasks
        .run(session::listAllApps)
        .onSuccess(this::show)
        .onError(this::showFailure)
        .andFinally(
            () -> {
              loading.set(false);
              retryButton.setDisable(false);
            })
        .start();
  }

  /** Shown by the main window when connecting failed before any list could load. */
  public void showFailure(Throwable error) {
    loading.set(false);
    bannerMessage.setText(Failures.describe(error));
    failed.set(true);
    state.serverUnreachable(error);
    probe.appListFailed(error);
  }

  /** Ctrl+F: puts the cursor in the filter. */
  public void focusFilter() {
    filterField.requestFocus();
    filterField.selectAll();
  }

  /** Puts the keyboard on the table, with a row selected so that Enter opens it. */
  public void focusTable() {
    if (table.isVisible()) {
      table.requestFocus();
      if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
        table.getSelectionModel().selectFirst();
        table.getFocusModel().focus(0);
      }
    }
  }

  /** The apps as last loaded (all of them, not only those the filter shows). */
  public List<App> apps() {
    return List.copyOf(apps);
  }

  @FXML
  void createApp() {
    navigation.createApp();
  }

  private void openSelected() {
    App selected = table.getSelectionModel().getSelectedItem();
    if (selected != null) {
      navigation.openApp(selected);
    }
  }

  private void filter(String text) {
    noMatch.setText("No app matches “" + text.strip() + "”.");
    filter.filter(text);
  }

  public void setOnRetry(Runnable retry) {
    retryButton.setOnAction(e -> retry.run());
  }

  private void show(List<App> loaded) {
    boolean first = !loadedOnce.get();
    failed.set(false);
    state.serverAnswered();
    App selected = table.getSelectionModel().getSelectedItem();
    apps.setAll(loaded);
    if (selected != null) {
      loaded.stream()
          .filter(a -> a.id().equals(selected.id()))
          .findFirst()
          .ifPresent(a -> table.getSelectionModel().select(a));
    }
    boolean empty = loaded.isEmpty();
    this.empty.set(empty);
    loadedOnce.set(true);
    filterField.setDisable(empty);
    if (first
        && table.getScene() != null
        && (table.getScene().getFocusOwner() == null
            || table.getScene().getFocusOwner() == filterField)) {
      if (empty) {
        createLink.requestFocus();
      } else {
        focusTable();
      }
    }
    probe.appListShown();
    readExpiry(state.session(), List.copyOf(loaded));
  }

  /** Reads the vault's index in the background and marks the apps whose token expires soon. */
  private void readExpiry(Session session, List<App> loaded) {
    if (session == null) {
      return;
    }
    String server = AppTokens.serverOf(session);
    tasks
        .run(vault::list)
        .onSuccess(
            entries -> {
              if (session != state.session()) {
                return;
              }
              List<VaultEntry> mine =
                  entries.stream()
                      .filter(e -> server.equals(e.key().server()))
                      .filter(e -> session.username().equals(e.key().account()))
                      .filter(
                          e ->
                              loaded.stream()
                                  .anyMatch(a -> a.clientId().equals(e.key().clientId())))
                      .toList();
              List<TokenExpiry> soon = TokenExpiry.soon(mine, clock.instant());
              Map<String, TokenExpiry> byClient = new HashMap<>();
              soon.forEach(t -> byClient.put(t.entry().key().clientId(), t));
              expiring = Map.copyOf(byClient);
              table.refresh();
              if (!expiryKnown) {
                expiryKnown = true;
                onFirstExpiring.accept(soon);
              }
            })
        // the keychain's index unreadable: no badges; the tokens block says why on the app's page
        .onError(error -> {})
        .start();
  }

  /** The Token column: the expiry badge, or nothing. */
  private static final class ExpiryCell extends TableCell<App, TokenExpiry> {
    private final Label badge = new Label();

    ExpiryCell() {
      badge.getStyleClass().add(Styles.EXPIRY_BADGE);
    }

    @Override
    protected void updateItem(TokenExpiry item, boolean empty) {
      super.updateItem(item, empty);
      badge.getStyleClass().removeAll(Styles.TOKEN_EXPIRING, Styles.TOKEN_EXPIRED);
      if (empty || item == null) {
        setGraphic(null);
        setAccessibleText(null);
        return;
      }
      badge.setText(item.badge());
      badge.getStyleClass().add(item.styleClass());
      setGraphic(badge);
      setAccessibleText("Token: " + item.badge());
    }
  }
}
