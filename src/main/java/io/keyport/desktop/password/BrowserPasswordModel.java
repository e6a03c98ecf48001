package io.keyport.desktop.password;

import io.keyport.api.NewPassword;
import io.keyport.api.PasswordStatus;
import io.keyport.api.Problem;
import io.keyport.api.Rules;
import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.fx.Tasks;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Browser sign-in password": the password the server's web sign-in page asks for, set on an
 * account that has none (the embedded server's local account) or changed (then the current one is
 * asked). Whether the account has one, the three fields, each field's problem — the rule of {@link
 * Rules#password} live as the user types, the confirmation, and the server's word on a refused
 * value until that value changes — and a problem about the whole form. No controls: its tests need
 * no window.
 */
public final class BrowserPasswordModel {
  /** The fields a problem can sit on. */
  public enum Field {
    CURRENT,
    PASSWORD,
    CONFIRM
  }

  private final ObjectProperty<Boolean> hasPassword = new SimpleObjectProperty<>(this, "has");
  private final StringProperty current = new SimpleStringProperty(this, "current", "");
  private final StringProperty password = new SimpleStringProperty(this, "password", "");
  private final StringProperty confirm = new SimpleStringProperty(this, "confirm", "");
  private final BooleanProperty saving = new SimpleBooleanProperty(this, "saving");
  private final Map<Field, ReadOnlyStringWrapper> problems = new EnumMap<>(Field.class);
  private final Map<Field, String> refused = new EnumMap<>(Field.class);
  private final ReadOnlyStringWrapper formProblem = new ReadOnlyStringWrapper(this, "form");
  private final BooleanBinding changing = Bindings.equal(Boolean.TRUE, hasPassword);
  private final BooleanBinding canSave =
      Bindings.createBooleanBinding(
          () -> hasPassword.get() != null && !saving.get(), hasPassword, saving);
  private boolean submitted;

  public BrowserPasswordModel() {
    for (Field field : Field.values()) {
      problems.put(
          field,
          new ReadOnlyStringWrapper(this, field.name().toLowerCase(Locale.ROOT) + "Problem"));
    }
    current.addListener((o, was, is) -> changed(Field.CURRENT));
    password.addListener((o, was, is) -> changed(Field.PASSWORD));
    confirm.addListener((o, was, is) -> changed(Field.CONFIRM));
    hasPassword.addListener((o, was, is) -> update());
  }

  /** The server call that tells whether the account has a password. */
  @FunctionalInterface
  public interface Status {
    PasswordStatus status() throws Exception;
  }

  /** The server call that sets or changes it. */
  @FunctionalInterface
  public interface Send {
    PasswordStatus send(NewPassword request) throws Exception;
  }

  /** Asks the server, in the background, whether the account has a password. */
  public void load(Tasks tasks, Status call) {
    tasks.run(call::status).onSuccess(this::loaded).onError(this::loadFailed).start();
  }

  /**
   * Validates every field; when one has a problem nothing is sent and that field (the first) is
   * returned, for the focus. Otherwise sends in the background: {@code done} once set, a refusal
   * about a field lands on it and goes to {@code refusedOn}; anything else is the form's problem.
   * What was typed stays on a refusal.
   */
  public Optional<Field> save(
      Tasks tasks, Send call, Consumer<PasswordStatus> done, Consumer<Field> refusedOn) {
    if (!canSave.get()) {
      return Optional.empty();
    }
    Optional<Field> bad = validate();
    if (bad.isPresent()) {
      return bad;
    }
    NewPassword request = request();
    saving.set(true);
    tasks
        .run(() -> call.send(request))
        .onSuccess(
            status -> {
              saving.set(false);
              saved(status);
              done.accept(status);
            })
        .onError(error -> refused(error).ifPresent(refusedOn))
        .andFinally(() -> saving.set(false))
        .start();
    return Optional.empty();
  }

  /** What the server said about the account. */
  public void loaded(PasswordStatus status) {
    hasPassword.set(status.hasPassword());
    formProblem.set(null);
  }

  /** The server could not say whether the account has a password: nothing can be sent. */
  public void loadFailed(Throwable error) {
    formProblem.set("Keyport could not ask the server: " + Failures.describe(error));
  }

  /**
   * Checks every field as if the user had left it; the first with a problem (for the focus), or
   * empty when the form may be sent.
   */
  public Optional<Field> validate() {
    submitted = true;
    formProblem.set(null);
    update();
    for (Field field : Field.values()) {
      if (problem(field) != null) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /** The request: the new password, and the current one when the account has one. */
  public NewPassword request() {
    return new NewPassword(
        Secret.of(password.get()), isChanging() ? Secret.of(current.get()) : null);
  }

  /** Set: the fields are emptied (no password stays in memory longer than needed). */
  public void saved(PasswordStatus status) {
    submitted = false;
    refused.clear();
    current.set("");
    password.set("");
    confirm.set("");
    hasPassword.set(status.hasPassword());
    formProblem.set(null);
  }

  /**
   * The server refused: a refusal about a field lands on it (and that field is returned, for the
   * focus); anything else is the form's problem. What was typed stays.
   */
  public Optional<Field> refused(Throwable error) {
    Field field = null;
    if (error instanceof ApiException api) {
      field =
          api.isAbout(Rules.CURRENT_PASSWORD)
              ? Field.CURRENT
              : api.isAbout(Rules.PASSWORD) ? Field.PASSWORD : null;
      if (field != null) {
        refused.put(field, api.messageForField());
        update();
        return Optional.of(field);
      }
    }
    formProblem.set(Failures.describe(error));
    return Optional.empty();
  }

  // ---- properties -----------------------------------------------------------------------------

  /** True, false, or null while not known (the Save button waits for it). */
  public ObjectProperty<Boolean> hasPasswordProperty() {
    return hasPassword;
  }

  /** True when the account has a password: the current one is asked. */
  public BooleanBinding changingProperty() {
    return changing;
  }

  public boolean isChanging() {
    return changing.get();
  }

  public StringProperty currentProperty() {
    return current;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  public StringProperty confirmProperty() {
    return confirm;
  }

  public BooleanProperty savingProperty() {
    return saving;
  }

  /** True when Save may be pressed: the account's state is known and nothing is being sent. */
  public BooleanBinding canSaveProperty() {
    return canSave;
  }

  public boolean isCanSave() {
    return canSave.get();
  }

  /** What is wrong with {@code field}, as shown under it; null when nothing (yet). */
  public ReadOnlyStringProperty problemProperty(Field field) {
    return problems.get(field).getReadOnlyProperty();
  }

  public String problem(Field field) {
    return problems.get(field).get();
  }

  /** A problem about the whole form (the server unreachable, too many tries); null when none. */
  public ReadOnlyStringProperty formProblemProperty() {
    return formProblem.getReadOnlyProperty();
  }

  // ---- inside ---------------------------------------------------------------------------------

  private void changed(Field field) {
    refused.remove(field);
    if (field == Field.PASSWORD) {
      refused.remove(Field.CONFIRM);
    }
    update();
  }

  private void update() {
    for (Field field : Field.values()) {
      problems.get(field).set(currentProblem(field));
    }
  }

  private String currentProblem(Field field) {
    String word = refused.get(field);
    if (word != null) {
      return word;
    }
    return switch (field) {
      case CURRENT ->
          isChanging() && submitted && current.get().isEmpty()
              ? "Enter your current password."
              : null;
      // the rule as typed; an empty field only once the user tried to save
      case PASSWORD ->
          password.get().isEmpty() && !submitted
              ? null
              : Rules.password(password.get()).map(Problem::message).orElse(null);
      case CONFIRM -> {
        // while the confirmation is still the start of the password, the user is typing it
        if (confirm.get().equals(password.get())
            || (!submitted && password.get().startsWith(confirm.get()))) {
          yield null;
        }
        yield confirm.get().isEmpty()
            ? "Type the password again to confirm it."
            : "The two passwords differ.";
      }
    };
  }
}
