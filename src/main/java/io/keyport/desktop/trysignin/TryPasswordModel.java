package io.keyport.desktop.trysignin;

import io.keyport.api.PasswordStatus;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Try sign-in's note about the browser's sign-in page, which asks for a username and a password:
 * shown when the signed-in account has no password (the embedded server's local account), with "Set
 * a password…"; once one is set, it says to sign in as that user with it. Hidden while the answer
 * is not known, and for an account that had a password all along.
 */
public final class TryPasswordModel {
  static final String NONE_YET =
      "The browser's sign-in page needs a password; your local account has none yet.";

  private final ObjectProperty<Boolean> hasPassword = new SimpleObjectProperty<>(this, "has");
  private final StringProperty setFor = new SimpleStringProperty(this, "setFor");
  private final BooleanBinding shown =
      Bindings.createBooleanBinding(
          () -> Boolean.FALSE.equals(hasPassword.get()) || setFor.get() != null,
          hasPassword,
          setFor);
  private final BooleanBinding canSet =
      Bindings.createBooleanBinding(
          () -> Boolean.FALSE.equals(hasPassword.get()) && setFor.get() == null,
          hasPassword,
          setFor);
  private final StringBinding explanation =
      Bindings.createStringBinding(
          () ->
              setFor.get() != null
                  ? "Sign in as " + setFor.get() + " with the password you set."
                  : Boolean.FALSE.equals(hasPassword.get()) ? NONE_YET : "",
          hasPassword,
          setFor);

  /** What the server said about the signed-in account. */
  public void loaded(PasswordStatus status) {
    hasPassword.set(status.hasPassword());
  }

  /** A password was set for {@code username} from here. */
  public void set(String username) {
    setFor.set(username);
  }

  public ObjectProperty<Boolean> hasPasswordProperty() {
    return hasPassword;
  }

  public BooleanBinding shownProperty() {
    return shown;
  }

  public boolean isShown() {
    return shown.get();
  }

  /** True while "Set a password…" is offered: no password yet, none set from here. */
  public BooleanBinding canSetProperty() {
    return canSet;
  }

  public boolean isCanSet() {
    return canSet.get();
  }

  public StringBinding explanationProperty() {
    return explanation;
  }

  public String getExplanation() {
    return explanation.get();
  }
}
