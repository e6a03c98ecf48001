package io.keyport.desktop.detail;

import io.keyport.api.App;
import io.keyport.api.AppChanges;
import io.keyport.api.CallbackAdvice;
import io.keyport.api.ErrorSlug;
import io.keyport.api.NewApp;
import io.keyport.api.Problem;
import io.keyport.api.Rules;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Tasks;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * An app's name, website and callback URLs as the user edits them: the view model Create an App and
 * an app's detail share. It holds the app as last loaded or saved (the base; none when creating),
 * the edits, each field's problem (the rules of API.md as typed; the server's word on a value it
 * refused, until that value changes), the dirty state, the merge of a newer version after a
 * conflict, and the commands that create, save and reload. Plain properties and no controls: its
 * tests need no JavaFX toolkit.
 */
public final class AppForm {
  /**
   * The fields a problem can sit on; CALLBACKS is the URL being typed and, when editing, the list.
   */
  public enum Field {
    NAME,
    WEBSITE,
    CALLBACKS
  }

  /** The server call that saves: {@code PATCH} with the base's version. */
  @FunctionalInterface
  public interface Update {
    App update(String id, String version, AppChanges changes) throws Exception;
  }

  /** The server call that reads an app again. */
  @FunctionalInterface
  public interface Load {
    App load(String id) throws Exception;
  }

  /** The server call that creates an app. */
  @FunctionalInterface
  public interface Create {
    App create(NewApp app) throws Exception;
  }

  private final boolean editing;
  private final ObjectProperty<App> base = new SimpleObjectProperty<>(this, "base");
  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final StringProperty website = new SimpleStringProperty(this, "website", "");
  private final StringProperty callback = new SimpleStringProperty(this, "callback", "");
  private final ObservableList<String> callbacks = FXCollections.observableArrayList();
  private final BooleanProperty saving = new SimpleBooleanProperty(this, "saving");
  private final Map<Field, ReadOnlyStringWrapper> problems = new EnumMap<>(Field.class);
  private final Map<Field, String> refused = new EnumMap<>(Field.class);
  private final Set<Field> touched = EnumSet.noneOf(Field.class);
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
  private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper(this, "canSave");
  private final ReadOnlyStringWrapper callbackHint =
      new ReadOnlyStringWrapper(this, "callbackHint");
  private final ReadOnlyStringWrapper saveState = new ReadOnlyStringWrapper(this, "saveState", "");

  private AppForm(boolean editing) {
    this.editing = editing;
    for (Field field : Field.values()) {
      problems.put(
          field,
          new ReadOnlyStringWrapper(this, field.name().toLowerCase(Locale.ROOT) + "Problem"));
    }
    name.addListener((o, a, b) -> changed(Field.NAME));
    website.addListener((o, a, b) -> changed(Field.WEBSITE));
    callback.addListener((o, a, b) -> changed(Field.CALLBACKS));
    callbacks.addListener((ListChangeListener<String>) c -> changed(Field.CALLBACKS));
    saving.addListener((o, a, b) -> update());
  }

  /** Create an App: no base; a field's problem shows once the user has touched it. */
  public static AppForm forCreate() {
    return new AppForm(false);
  }

  /** An app's detail: every problem shows at once; {@link #load} gives the base. */
  public static AppForm forEdit() {
    AppForm form = new AppForm(true);
    form.touched.addAll(EnumSet.allOf(Field.class));
    return form;
  }

  /**
   * Every rule the form applies goes through here: the one set of rules in {@link Rules}, which the
   * server applies too. {@code value} is the text of the field; for {@link Field#CALLBACKS} with
   * {@code list} not null, the whole list is checked instead.
   */
  static Optional<String> rule(Field field, String value, List<String> list) {
    Optional<Problem> problem =
        switch (field) {
          case NAME -> Rules.appName(value);
          case WEBSITE -> Rules.website(value.strip());
          case CALLBACKS ->
              list == null
                  ? Rules.callbackUrl(Rules.CALLBACK_URLS, value.strip())
                  : Rules.callbackUrls(list);
        };
    return problem.map(Problem::message);
  }

  // ---- state ----------------------------------------------------------------------------------

  /** Takes {@code app} as the base and shows its values; the server's old words go. */
  public void load(App app) {
    refused.clear();
    base.set(app);
    name.set(app.name());
    website.set(nullToEmpty(app.website()));
    callbacks.setAll(app.callbackUrls() == null ? List.of() : app.callbackUrls());
    update();
  }

  /**
   * Takes {@code latest} as the new base (after a version conflict): a field the user left as it
   * was in the old base takes the latest value, a field the user changed keeps the user's value.
   */
  public void merge(App latest) {
    App old = base.get();
    String mergedName = name.get().equals(old.name()) ? latest.name() : name.get();
    String mergedWebsite =
        website.get().equals(nullToEmpty(old.website()))
            ? nullToEmpty(latest.website())
            : website.get();
    List<String> mergedUrls =
        callbacks.equals(old.callbackUrls()) ? latest.callbackUrls() : List.copyOf(callbacks);
    refused.clear();
    base.set(latest);
    name.set(mergedName);
    website.set(mergedWebsite);
    callbacks.setAll(mergedUrls == null ? List.of() : mergedUrls);
    update();
  }

  /** True when a field differs from the base. */
  public boolean isDirty() {
    return dirty.get();
  }

  /**
   * True when every field passes the rules (for an edit: the list of callback URLs, not the URL
   * being typed).
   */
  public boolean isValid() {
    return rule(Field.NAME, name.get(), null).isEmpty()
        && rule(Field.WEBSITE, website.get(), null).isEmpty()
        && (editing
                ? rule(Field.CALLBACKS, null, callbacks)
                : rule(Field.CALLBACKS, callback.get(), null))
            .isEmpty();
  }

  /** The PATCH body: the fields that differ from the base, trimmed; null for one left as it is. */
  public AppChanges changes() {
    App old = base.get();
    String newName = name.get().strip();
    String newWebsite = website.get().strip();
    List<String> urls = List.copyOf(callbacks);
    return new AppChanges(
        newName.equals(old.name()) ? null : newName,
        newWebsite.equals(nullToEmpty(old.website())) ? null : newWebsite,
        urls.equals(old.callbackUrls()) ? null : urls);
  }

  /** The POST body of Create an App: the one callback URL typed. */
  public NewApp newApp() {
    return new NewApp(name.get().strip(), website.get().strip(), List.of(callback.get().strip()));
  }

  /**
   * The field counts as touched: its problem shows from now on (Create an App, after focus left
   * it).
   */
  public void touch(Field field) {
    if (touched.add(field)) {
      update();
    }
  }

  /**
   * Adds the callback URL being typed to the list; false (and the reason on the field) when it is
   * not valid, already listed, or the list is full.
   */
  public boolean addCallback() {
    String url = callback.get().strip();
    Optional<String> problem = rule(Field.CALLBACKS, url, null);
    if (problem.isEmpty() && callbacks.contains(url)) {
      problem = Optional.of(url + " is already in the list.");
    }
    if (problem.isEmpty() && callbacks.size() >= Rules.CALLBACKS_MAX) {
      problem = Optional.of("At most " + Rules.CALLBACKS_MAX + " callback URLs.");
    }
    if (problem.isPresent()) {
      refuse(Field.CALLBACKS, problem.get());
      return false;
    }
    callbacks.add(url);
    callback.set("");
    return true;
  }

  /**
   * Puts a failure that is about one field on it (409 name-taken, or a 400 naming the field); the
   * field it went to, or empty when the failure is not about a field.
   */
  public Optional<Field> placeOnField(Throwable error) {
    if (!(error instanceof ApiException api)) {
      return Optional.empty();
    }
    Field field = null;
    if (api.is(ErrorSlug.NAME_TAKEN)) {
      field = Field.NAME;
    } else if (api.is(ErrorSlug.INVALID_REQUEST)) {
      field =
          api.isAbout(Rules.CALLBACK_URLS)
              ? Field.CALLBACKS
              : api.isAbout(Rules.WEBSITE)
                  ? Field.WEBSITE
                  : api.isAbout(Rules.NAME) ? Field.NAME : null;
    }
    if (field == null) {
      return Optional.empty();
    }
    touch(field);
    refuse(
        field,
        api.serverMessage() == null && field == Field.NAME
            ? "You already have an app with this name."
            : api.messageForField());
    return Optional.of(field);
  }

  /** True when {@code error} is the server's 412: the app changed since the base was loaded. */
  public static boolean isConflict(Throwable error) {
    return error instanceof ApiException api && api.is(ErrorSlug.VERSION_CONFLICT);
  }

  // ---- commands -------------------------------------------------------------------------------

  /**
   * Saves the edits: does nothing while a save runs, when nothing changed or a field is invalid
   * (false then). On success the saved app is the base, then goes to {@code saved}; a failure about
   * a field lands on it, any other goes to {@code failed} (a conflict included: see {@link
   * #isConflict}).
   */
  public boolean save(Tasks tasks, Update call, Consumer<App> saved, Consumer<Throwable> failed) {
    App old = base.get();
    if (old == null || saving.get() || !isValid() || !isDirty()) {
      return false;
    }
    AppChanges edits = changes();
    saving.set(true);
    tasks
        .run(() -> call.update(old.id(), old.version(), edits))
        .onSuccess(
            app -> {
              load(app);
              saved.accept(app);
            })
        .onError(
            error -> {
              if (placeOnField(error).isEmpty()) {
                failed.accept(error);
              }
            })
        .andFinally(() -> saving.set(false))
        .start();
    return true;
  }

  /**
   * Loads the base again, keeping the user's edits ({@link #merge}); {@code reloaded} learns
   * whether there were any.
   */
  public void reload(
      Tasks tasks,
      Load call,
      Consumer<Boolean> reloaded,
      Consumer<Throwable> failed,
      Runnable after) {
    App old = base.get();
    if (old == null) {
      return;
    }
    tasks
        .run(() -> call.load(old.id()))
        .onSuccess(
            latest -> {
              boolean hadEdits = isDirty();
              merge(latest);
              reloaded.accept(hadEdits);
            })
        .onError(failed)
        .andFinally(after)
        .start();
  }

  /**
   * Creates the app: every field counts as touched; when one has a problem nothing is sent and that
   * field (the first) is returned, for the focus. A refusal about a field lands on it and goes to
   * {@code refusedOn}; any other failure to {@code failed}.
   */
  public Optional<Field> create(
      Tasks tasks,
      Create call,
      Consumer<App> created,
      Consumer<Field> refusedOn,
      Consumer<Throwable> failed) {
    touched.addAll(EnumSet.allOf(Field.class));
    update();
    for (Field field : Field.values()) {
      if (problem(field) != null) {
        return Optional.of(field);
      }
    }
    NewApp app = newApp();
    saving.set(true);
    tasks
        .run(() -> call.create(app))
        .onSuccess(
            done -> {
              saving.set(false); // before the dialog closes: it stays open while a creation runs
              created.accept(done);
            })
        .onError(
            error -> placeOnField(error).ifPresentOrElse(refusedOn, () -> failed.accept(error)))
        .andFinally(() -> saving.set(false))
        .start();
    return Optional.empty();
  }

  // ---- properties -----------------------------------------------------------------------------

  public ReadOnlyObjectProperty<App> baseProperty() {
    return base;
  }

  public StringProperty nameProperty() {
    return name;
  }

  public StringProperty websiteProperty() {
    return website;
  }

  /** The callback URL being typed: Create an App's one, or the detail's next one for the list. */
  public StringProperty callbackProperty() {
    return callback;
  }

  /** The callback URLs of an edit. */
  public ObservableList<String> callbacks() {
    return callbacks;
  }

  /** True while Create or Save runs. */
  public ReadOnlyBooleanProperty savingProperty() {
    return saving;
  }

  /**
   * What is wrong with {@code field} as shown beside it; null when nothing (or not touched yet).
   */
  public ReadOnlyStringProperty problemProperty(Field field) {
    return problems.get(field).getReadOnlyProperty();
  }

  public String problem(Field field) {
    return problems.get(field).get();
  }

  /**
   * The callback URL checker's hints ({@link CallbackAdvice}) under the callback field, one a line:
   * on the URL being typed (among the app's others), or when none is typed on the edited list; null
   * when none, or while the field shows a problem. Never a refusal: saving does not look at it.
   */
  public ReadOnlyStringProperty callbackHintProperty() {
    return callbackHint.getReadOnlyProperty();
  }

  public String callbackHint() {
    return callbackHint.get();
  }

  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  /** True when Save would send something: dirty, valid, not saving already. */
  public ReadOnlyBooleanProperty canSaveProperty() {
    return canSave.getReadOnlyProperty();
  }

  /** "Saving…", "Unsaved changes" or "All changes saved". */
  public ReadOnlyStringProperty saveStateProperty() {
    return saveState.getReadOnlyProperty();
  }

  // ---- inside ---------------------------------------------------------------------------------

  private void changed(Field field) {
    refused.remove(field);
    if (!editing) {
      touched.add(field);
    }
    update();
  }

  private void refuse(Field field, String message) {
    refused.put(field, message);
    update();
  }

  private void update() {
    App old = base.get();
    dirty.set(
        old != null
            && (!name.get().equals(old.name())
                || !website.get().equals(nullToEmpty(old.website()))
                || !callbacks.equals(old.callbackUrls())));
    boolean shown = !editing || old != null;
    for (Field field : Field.values()) {
      problems
          .get(field)
          .set(shown && touched.contains(field) ? currentProblem(field).orElse(null) : null);
    }
    callbackHint.set(
        shown && touched.contains(Field.CALLBACKS) && problem(Field.CALLBACKS) == null
            ? currentHint()
            : null);
    canSave.set(!saving.get() && dirty.get() && isValid());
    saveState.set(saving.get() ? "Saving…" : dirty.get() ? "Unsaved changes" : "All changes saved");
  }

  private Optional<String> currentProblem(Field field) {
    String word = refused.get(field);
    if (word != null) {
      return Optional.of(word);
    }
    return switch (field) {
      case NAME -> rule(field, name.get(), null);
      case WEBSITE -> rule(field, website.get(), null);
      case CALLBACKS ->
          editing && callback.get().isBlank()
              ? rule(field, null, callbacks)
              : rule(field, callback.get(), null);
    };
  }

  private String currentHint() {
    String typed = callback.get().strip();
    List<CallbackAdvice.Hint> hints =
        editing && typed.isEmpty()
            ? CallbackAdvice.hints(List.copyOf(callbacks))
            : CallbackAdvice.hints(typed, editing ? List.copyOf(callbacks) : List.of());
    return hints.isEmpty()
        ? null
        : String.join("\n", hints.stream().map(CallbackAdvice.Hint::message).toList());
  }

  private static String nullToEmpty(String s) {
    return Objects.requireNonNullElse(s, "");
  }
}
