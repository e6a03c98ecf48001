package io.keyport.desktop.fx;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The window's banner, as state: a message (none: hidden), its kind ({@link Styles#DANGER} or
 * {@link Styles#INFO}) and an optional action ("Retry"). The main window shows it under the menu
 * bar; failures no task handled land here (see {@link Tasks#reportingTo}). Plain properties: tests
 * use it without a window.
 */
public final class Banner {
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyStringWrapper kind = new ReadOnlyStringWrapper(this, "kind", Styles.INFO);
  private final ReadOnlyStringWrapper actionText =
      new ReadOnlyStringWrapper(this, "actionText", "");
  private final BooleanProperty working = new SimpleBooleanProperty(this, "working");
  private final BooleanBinding showing = message.isNotEmpty();
  private final BooleanBinding hasAction = actionText.isNotEmpty();
  private Runnable action;

  /** Shows {@code text} as information, without an action. */
  public void info(String text) {
    show(Styles.INFO, text, null, null);
  }

  /**
   * Shows {@code text} as a warning; {@code actionText} ("Retry") runs {@code onAction}, none when
   * null.
   */
  public void warn(String text, String actionText, Runnable onAction) {
    show(Styles.DANGER, text, actionText, onAction);
  }

  /** Shows what went wrong ({@link Failures#describe}), without an action. */
  public void failed(Throwable error) {
    warn(Failures.describe(error), null, null);
  }

  /**
   * Shows what went wrong with Retry running {@code again} (no action when null); when the server
   * is unreachable, also that nothing typed is lost.
   */
  public void failed(Throwable error, Runnable again) {
    String text = Failures.describe(error);
    warn(
        Failures.isUnreachable(error) ? text + " Nothing you typed is lost." : text,
        "Retry",
        again);
  }

  public void hide() {
    message.set("");
    actionText.set("");
    action = null;
  }

  /** The action's button was pressed. */
  public void act() {
    Runnable run = action;
    if (run != null) {
      run.run();
    }
  }

  private void show(String style, String text, String label, Runnable onAction) {
    kind.set(style);
    action = label == null ? null : onAction;
    actionText.set(label == null || onAction == null ? "" : label);
    message.set(text);
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public String getMessage() {
    return message.get();
  }

  /** {@link Styles#DANGER} or {@link Styles#INFO}. */
  public ReadOnlyStringProperty kindProperty() {
    return kind.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty actionTextProperty() {
    return actionText.getReadOnlyProperty();
  }

  public BooleanBinding showingProperty() {
    return showing;
  }

  public boolean isShowing() {
    return showing.get();
  }

  public BooleanBinding hasActionProperty() {
    return hasAction;
  }

  public boolean isHasAction() {
    return hasAction.get();
  }

  /** True while the action's work runs: its button shows {@link Busy}. */
  public BooleanProperty workingProperty() {
    return working;
  }
}
