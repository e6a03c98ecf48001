package io.keyport.desktop.token;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * What the tokens block shows, as state its FXML binds to: the kept token's entry (or the empty
 * line), the "Revoke this token?" question, the result line, and whether a Copy, Test or Revoke
 * runs (its buttons and the generate link are disabled meanwhile).
 */
public final class TokensBlockPanels {
  private final BooleanProperty present = new SimpleBooleanProperty(this, "present");
  private final BooleanProperty confirming = new SimpleBooleanProperty(this, "confirming");
  private final BooleanProperty resultShown = new SimpleBooleanProperty(this, "resultShown");
  private final BooleanProperty working = new SimpleBooleanProperty(this, "working");
  private final BooleanProperty expiryBadge = new SimpleBooleanProperty(this, "expiryBadge");

  /**
   * True while the vault keeps a token of the user's for the app: its entry shows, else the empty
   * line.
   */
  public BooleanProperty presentProperty() {
    return present;
  }

  public boolean isPresent() {
    return present.get();
  }

  /** True while "Revoke this token?" asks. */
  public BooleanProperty confirmingProperty() {
    return confirming;
  }

  public boolean isConfirming() {
    return confirming.get();
  }

  /** True while the result line says how the last Copy, Test or Revoke went. */
  public BooleanProperty resultShownProperty() {
    return resultShown;
  }

  public boolean isResultShown() {
    return resultShown.get();
  }

  /** True while a Copy, Test or Revoke runs. */
  public BooleanProperty workingProperty() {
    return working;
  }

  public boolean isWorking() {
    return working.get();
  }

  /** True while the kept token expires within a week or has expired: its badge shows. */
  public BooleanProperty expiryBadgeProperty() {
    return expiryBadge;
  }

  public boolean isExpiryBadge() {
    return expiryBadge.get();
  }
}
