package io.keyport.desktop.settings;

import io.keyport.desktop.fx.Busy;
import io.keyport.desktop.fx.Dialogs;
import io.keyport.desktop.fx.FieldError;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.session.Settings;
import io.keyport.desktop.session.SettingsStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;

/**
 * Settings: the clipboard clear delay, the reveal timeout, the theme (applied at once, undone on
 * Cancel) and the team server URL. Save applies them and writes them to the config folder.
 */
public final class SettingsController {
  private final Settings settings;
  private final SettingsStore store;
  private final Tasks tasks;
  private final Dialogs dialogs;
  private final StringProperty teamServerProblem =
      new SimpleStringProperty(this, "teamServerProblem");
  private final StringProperty saveProblem = new SimpleStringProperty(this, "saveProblem");
  private Dialog<ButtonType> dialog;
  private Settings.Theme themeBefore;
  private boolean saving;

  @FXML private DialogPane pane;
  @FXML private ButtonType saveType;
  @FXML private Spinner<Integer> clipboardSpinner;
  @FXML private Spinner<Integer> revealSpinner;
  @FXML private ToggleGroup themeGroup;
  @FXML private RadioButton lightTheme;
  @FXML private RadioButton darkTheme;
  @FXML private TextField teamServerField;
  @FXML private Label teamServerError;
  @FXML private Label saveError;

  public SettingsController(Settings settings, SettingsStore store, Tasks tasks, Dialogs dialogs) {
    this.settings = settings;
    this.store = store;
    this.tasks = tasks;
    this.dialogs = dialogs;
  }

  @FXML
  void initialize() {
    FieldError.bind(teamServerError, teamServerField, teamServerProblem);
    FieldError.bind(saveError, saveProblem);
    Settings.Values now = settings.values();
    clipboardSpinner.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(
            Settings.MIN_SECONDS, Settings.MAX_SECONDS, now.clipboardClearSeconds(), 5));
    revealSpinner.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(
            Settings.MIN_SECONDS, Settings.MAX_SECONDS, now.revealTimeoutSeconds(), 5));
    themeBefore = now.theme();
    (now.theme() == Settings.Theme.DARK ? darkTheme : lightTheme).setSelected(true);
    themeGroup
        .selectedToggleProperty()
        .addListener((o, a, b) -> settings.themeProperty().set(chosenTheme()));
    teamServerField.setText(now.teamServerUrl());
    teamServerField.textProperty().addListener((o, a, b) -> showUrlProblem());
    // "Connect to a team server…" and "Sign out" write the team server to the same file meanwhile:
    // show what the file says now, unless the user has started typing
    String shown = now.teamServerUrl();
    tasks
        .run(store::load)
        .onSuccess(
            saved -> {
              settings.teamServerUrlProperty().set(saved.teamServerUrl());
              if (teamServerField.getText().equals(shown)) {
                teamServerField.setText(saved.teamServerUrl());
              }
            })
        .start();
  }

  /** Shows the dialog until the user saves or cancels. */
  public void showAndWait(Node from) {
    dialog = new Dialog<>();
    dialog.setTitle("Keyport Settings");
    dialog.setDialogPane(pane);
    dialogs.prepare(dialog, from);
    Button save = (Button) pane.lookupButton(saveType);
    save.setAccessibleText("Save the settings");
    save.addEventFilter(
        ActionEvent.ACTION,
        event -> {
          event.consume();
          save(save);
        });
    dialog.setOnCloseRequest(
        event -> {
          if (saving) {
            event.consume();
          }
        });
    Optional<ButtonType> answer = dialog.showAndWait();
    if (answer.isEmpty() || answer.get() != saveType) {
      settings.themeProperty().set(themeBefore);
    }
  }

  private void save(Button save) {
    clipboardSpinner.increment(0);
    revealSpinner.increment(0);
    if (saving || urlProblem().isPresent()) {
      showUrlProblem();
      return;
    }
    Settings.Values values =
        new Settings.Values(
                clipboardSpinner.getValue(),
                revealSpinner.getValue(),
                chosenTheme(),
                teamServerField.getText().strip())
            .sane();
    saving = true;
    Busy busy = Busy.on(save);
    tasks
        .run(
            () -> {
              store.save(values);
              return values;
            })
        .onSuccess(
            saved -> {
              settings.apply(saved);
              themeBefore = saved.theme();
              dialog.setResult(saveType);
              saving = false;
              dialog.close();
            })
        .onError(
            error -> {
              saveProblem.set(
                  "Cannot save the settings to " + store.file() + ": " + error.getMessage());
            })
        .andFinally(
            () -> {
              saving = false;
              busy.done();
            })
        .start();
  }

  private Settings.Theme chosenTheme() {
    return darkTheme.isSelected() ? Settings.Theme.DARK : Settings.Theme.LIGHT;
  }

  private Optional<String> urlProblem() {
    String url = teamServerField.getText().strip();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          || uri.getHost() == null) {
        return Optional.of("Enter the server's address, e.g. https://keyport.example.com.");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("Not a valid URL: " + e.getReason() + ".");
    }
  }

  private void showUrlProblem() {
    teamServerProblem.set(urlProblem().orElse(null));
  }
}
