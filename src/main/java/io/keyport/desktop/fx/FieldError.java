package io.keyport.desktop.fx;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Label;

/**
 * A field's error: the label under the field shows the problem (and takes room) only while there is
 * one, and the field is marked {@link Styles#DANGER_STATE} meanwhile. A null or empty problem is
 * none.
 */
public final class FieldError {
  private FieldError() {}

  /** Binds {@code label} and the danger state of {@code field} to {@code problem}. */
  public static void bind(Label label, Node field, ObservableValue<String> problem) {
    bind(label, problem);
    field.pseudoClassStateChanged(Styles.DANGER_STATE, label.isVisible());
    label
        .visibleProperty()
        .addListener((o, was, is) -> field.pseudoClassStateChanged(Styles.DANGER_STATE, is));
  }

  /**
   * Binds {@code label} to {@code problem}: a message about the whole form, no field of its own.
   */
  public static void bind(Label label, ObservableValue<String> problem) {
    label
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> problem.getValue() == null ? "" : problem.getValue(), problem));
    label.visibleProperty().bind(label.textProperty().isNotEmpty());
    label.managedProperty().bind(label.visibleProperty());
  }
}
