package io.keyport.desktop.detail;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.api.AppChanges;
import io.keyport.api.NewApp;
import io.keyport.client.ApiException;
import io.keyport.desktop.detail.AppForm.Field;
import io.keyport.desktop.fx.Tasks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The view model of Create an App and an app's detail, on one thread and without a JavaFX toolkit.
 */
class AppFormTest {
  private static final App BOT =
      app("v1", "Weather Bot", "https://weather.example.com", List.of("http://localhost:8000"));

  private final Tasks tasks = new Tasks(Runnable::run, Runnable::run);
  private final List<Throwable> failures = new ArrayList<>();

  @Test
  void anEditIsDirtyUntilItIsUndoneAndTheChangesHoldOnlyWhatDiffers() {
    AppForm form = AppForm.forEdit();
    form.load(BOT);
    assertThat(form.isDirty()).isFalse();
    assertThat(form.saveStateProperty().get()).isEqualTo("All changes saved");
    assertThat(form.canSaveProperty().get()).isFalse();

    form.websiteProperty().set(" https://bot.example.com ");
    form.callbackProperty().set("https://staging.example.com/cb");
    assertThat(form.addCallback()).isTrue();

    assertThat(form.isDirty()).isTrue();
    assertThat(form.saveStateProperty().get()).isEqualTo("Unsaved changes");
    assertThat(form.canSaveProperty().get()).isTrue();
    assertThat(form.callbackProperty().get()).isEmpty();
    assertThat(form.changes())
        .isEqualTo(
            new AppChanges(
                null,
                "https://bot.example.com",
                List.of("http://localhost:8000", "https://staging.example.com/cb")));

    form.websiteProperty().set("https://weather.example.com");
    form.callbacks().remove("https://staging.example.com/cb");
    assertThat(form.isDirty()).isFalse();
  }

  @Test
  void problemsShowBesideTheirFieldAndBlockSaving() {
    AppForm form = AppForm.forEdit();
    form.load(BOT);
    form.nameProperty().set("  ");
    form.callbackProperty().set("http://staging.example.com/cb");

    assertThat(form.problem(Field.NAME)).isEqualTo("Give the app a name.");
    assertThat(form.problem(Field.CALLBACKS)).contains("https");
    assertThat(form.problem(Field.WEBSITE)).isNull();
    assertThat(form.canSaveProperty().get()).isFalse();
    assertThat(form.addCallback()).isFalse();
    assertThat(form.callbacks()).containsExactly("http://localhost:8000");

    form.callbackProperty().set("http://localhost:8000");
    assertThat(form.addCallback()).isFalse();
    assertThat(form.problem(Field.CALLBACKS))
        .isEqualTo("http://localhost:8000 is already in the list.");
    form.callbackProperty().set("");
    form.callbacks().clear();
    assertThat(form.problem(Field.CALLBACKS)).isEqualTo("Add at least one callback URL.");
  }

  @Test
  void saveSendsTheChangesWithTheBaseVersionAndTakesTheSavedAppAsBase() {
    AppForm form = AppForm.forEdit();
    form.load(BOT);
    form.nameProperty().set("Weather Bot 2");
    List<String> calls = new ArrayList<>();

    boolean sent =
        form.save(
            tasks,
            (id, version, changes) -> {
              calls.add(id + " " + version + " " + changes.name());
              return app("v2", changes.name(), BOT.website(), BOT.callbackUrls());
            },
            saved -> {},
            failures::add);

    assertThat(sent).isTrue();
    assertThat(calls).containsExactly("app-1 v1 Weather Bot 2");
    assertThat(form.baseProperty().get().version()).isEqualTo("v2");
    assertThat(form.isDirty()).isFalse();
    assertThat(form.savingProperty().get()).isFalse();
    assertThat(failures).isEmpty();
    assertThat(form.save(tasks, (id, version, changes) -> BOT, saved -> {}, failures::add))
        .isFalse();
  }

  @Test
  void aConflictKeepsTheEditsAndTheReloadMergesTheLatestVersionUnderThem() {
    AppForm form = AppForm.forEdit();
    form.load(BOT);
    form.nameProperty().set("My Bot");
    ApiException conflict = new ApiException(412, "version-conflict", "The app changed.", null, 0);

    form.save(
        tasks,
        (id, version, changes) -> {
          throw conflict;
        },
        saved -> {},
        failures::add);
    assertThat(failures).containsExactly(conflict);
    assertThat(AppForm.isConflict(conflict)).isTrue();
    assertThat(form.nameProperty().get()).isEqualTo("My Bot");

    App latest =
        app("v2", "Weather Bot", "https://elsewhere.example.com", List.of("http://localhost:9000"));
    List<Boolean> reloaded = new ArrayList<>();
    form.reload(tasks, id -> latest, reloaded::add, failures::add, () -> {});

    assertThat(reloaded).containsExactly(true);
    assertThat(form.baseProperty().get()).isEqualTo(latest);
    assertThat(form.nameProperty().get()).isEqualTo("My Bot");
    assertThat(form.websiteProperty().get()).isEqualTo("https://elsewhere.example.com");
    assertThat(form.callbacks()).containsExactly("http://localhost:9000");
    assertThat(form.changes()).isEqualTo(new AppChanges("My Bot", null, null));
  }

  @Test
  void aRefusalAboutAFieldStaysOnItUntilItsValueChanges() {
    AppForm form = AppForm.forEdit();
    form.load(BOT);
    form.nameProperty().set("Rain Bot");

    form.save(
        tasks,
        (id, version, changes) -> {
          throw new ApiException(
              409,
              "name-taken",
              "name: you already have an app called 'Rain Bot'",
              null,
              0,
              "name");
        },
        saved -> {},
        failures::add);

    assertThat(failures).isEmpty();
    assertThat(form.problem(Field.NAME)).isEqualTo("You already have an app called 'Rain Bot'");
    form.websiteProperty().set("https://rain.example.com");
    assertThat(form.problem(Field.NAME)).isNotNull();
    form.nameProperty().set("Rain Bot 2");
    assertThat(form.problem(Field.NAME)).isNull();
  }

  @Test
  void createShowsAProblemOnlyOnceTheFieldIsTouchedAndSendsNothingInvalid() {
    AppForm form = AppForm.forCreate();
    form.callbackProperty().set("http://localhost:8000");
    assertThat(form.problem(Field.NAME)).isNull();
    List<NewApp> sent = new ArrayList<>();

    Optional<Field> first =
        form.create(
            tasks,
            app -> {
              sent.add(app);
              return BOT;
            },
            created -> {},
            field -> {},
            failures::add);

    assertThat(first).contains(Field.NAME);
    assertThat(sent).isEmpty();
    assertThat(form.problem(Field.NAME)).isEqualTo("Give the app a name.");
    assertThat(form.problem(Field.WEBSITE)).isNotNull();
    assertThat(form.problem(Field.CALLBACKS)).isNull();
  }

  @Test
  void createSendsTheTrimmedFieldsAndPutsNameTakenOnTheName() {
    AppForm form = AppForm.forCreate();
    form.nameProperty().set(" Weather Bot ");
    form.websiteProperty().set("https://weather.example.com");
    form.callbackProperty().set("http://localhost:8000");
    List<NewApp> sent = new ArrayList<>();
    List<Field> refusedOn = new ArrayList<>();

    form.create(
        tasks,
        app -> {
          sent.add(app);
          throw new ApiException(409, "name-taken", null, null, 0);
        },
        created -> {},
        refusedOn::add,
        failures::add);

    assertThat(sent)
        .containsExactly(
            new NewApp(
                "Weather Bot", "https://weather.example.com", List.of("http://localhost:8000")));
    assertThat(refusedOn).containsExactly(Field.NAME);
    assertThat(form.problem(Field.NAME)).isEqualTo("You already have an app with this name.");
    assertThat(form.savingProperty().get()).isFalse();
    assertThat(failures).isEmpty();
  }

  @Test
  void theCreatedAppArrivesOnceCreateNoLongerRuns() {
    AppForm form = AppForm.forCreate();
    form.nameProperty().set("Weather Bot");
    form.websiteProperty().set("https://weather.example.com");
    form.callbackProperty().set("http://localhost:8000");
    List<String> seen = new ArrayList<>();

    form.create(
        tasks,
        app -> BOT,
        created -> seen.add(created.name() + " saving " + form.savingProperty().get()),
        field -> {},
        failures::add);

    assertThat(seen).containsExactly("Weather Bot saving false");
  }

  @Test
  void createShowsTheCheckersRefusalOrItsHintsAndKeepsWhatWasTyped() {
    AppForm form = AppForm.forCreate();
    form.callbackProperty().set("http://localhost:8000");
    assertThat(form.problem(Field.CALLBACKS)).isNull();
    assertThat(form.callbackHint()).contains("RFC 8252").contains("http://127.0.0.1:8000");

    form.callbackProperty().set(" http://weather.example.com/cb ");
    assertThat(form.problem(Field.CALLBACKS))
        .contains("only for loopback hosts")
        .contains("use https://weather.example.com/cb");
    assertThat(form.callbackHint()).as("a refusal, no hint beside it").isNull();
    assertThat(form.callbackProperty().get()).isEqualTo(" http://weather.example.com/cb ");

    form.callbackProperty().set("https://weather.example.com/cb#done");
    assertThat(form.problem(Field.CALLBACKS)).contains("#fragment");

    form.callbackProperty().set("http://127.0.0.1:8000");
    assertThat(form.problem(Field.CALLBACKS)).isNull();
    assertThat(form.callbackHint()).isNull();
  }

  @Test
  void editHintsOnTheTypedUrlAmongTheListThenOnTheListAndNeverBlocksSaving() {
    AppForm form = AppForm.forEdit();
    form.load(BOT);
    assertThat(form.callbackHint())
        .as("the list alone: localhost is the typed URL's word")
        .isNull();

    form.callbackProperty().set("HTTP://LOCALHOST:8000/");
    assertThat(form.problem(Field.CALLBACKS)).isNull();
    assertThat(form.callbackHint())
        .contains("127.0.0.1")
        .contains("Nearly the same as http://localhost:8000")
        .contains("letter case and trailing slash");
    assertThat(form.callbackHint().lines()).hasSize(2);

    assertThat(form.addCallback()).isTrue();
    assertThat(form.callbacks()).containsExactly("http://localhost:8000", "HTTP://LOCALHOST:8000/");
    assertThat(form.callbackHint())
        .isEqualTo(
            "Nearly the same as http://localhost:8000 (differs only in letter case and trailing"
                + " slash): redirects must match one exactly, so keep only the one your app"
                + " sends.");
    assertThat(form.canSaveProperty().get()).as("a hint is not a refusal").isTrue();

    form.callbacks().remove("http://localhost:8000");
    assertThat(form.callbackHint()).isNull();
  }

  private static App app(String version, String name, String website, List<String> callbacks) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    return new App("app-1", "client-1", name, website, callbacks, now, now, version);
  }
}
