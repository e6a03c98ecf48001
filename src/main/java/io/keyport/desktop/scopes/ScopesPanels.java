package io.keyport.desktop.scopes;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * What the scope checklist shows besides the list, as state its FXML binds visibility to: the
 * spinner, the scopes explanation, the export warning, the replace warning and the error.
 */
public final class ScopesPanels {
  private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading", true);
  private final BooleanProperty help = new SimpleBooleanProperty(this, "help");
  private final BooleanProperty exportWarning = new SimpleBooleanProperty(this, "exportWarning");
  private final BooleanProperty replaceWarning = new SimpleBooleanProperty(this, "replaceWarning");
  private final BooleanProperty error = new SimpleBooleanProperty(this, "error");
  private final BooleanProperty scopeDiff = new SimpleBooleanProperty(this, "scopeDiff");

  /** True while the scopes and the current token load. */
  public BooleanProperty loadingProperty() {
    return loading;
  }

  public boolean isLoading() {
    return loading.get();
  }

  /** True while "What are scopes?" is open. */
  public BooleanProperty helpProperty() {
    return help;
  }

  public boolean isHelp() {
    return help.get();
  }

  /** True while a checked scope is sensitive (export). */
  public BooleanProperty exportWarningProperty() {
    return exportWarning;
  }

  public boolean isExportWarning() {
    return exportWarning.get();
  }

  /** True when the user has a token for the app already, which a new one replaces. */
  public BooleanProperty replaceWarningProperty() {
    return replaceWarning;
  }

  public boolean isReplaceWarning() {
    return replaceWarning.get();
  }

  /** True while the last load or generate failed. */
  public BooleanProperty errorProperty() {
    return error;
  }

  public boolean isError() {
    return error.get();
  }

  /**
   * True while the scopes the new token would get, against the current token's, ask to be
   * confirmed.
   */
  public BooleanProperty scopeDiffProperty() {
    return scopeDiff;
  }

  public boolean isScopeDiff() {
    return scopeDiff.get();
  }
}
