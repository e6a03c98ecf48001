package io.keyport.desktop.password;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.NewPassword;
import io.keyport.api.PasswordStatus;
import io.keyport.client.ApiException;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.password.BrowserPasswordModel.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The browser sign-in password's view model without a window: rules as typed, refusals, saving. */
class BrowserPasswordModelTest {
  private final Tasks now = new Tasks(Runnable::run, Runnable::run);
  private final BrowserPasswordModel model = new BrowserPasswordModel();

  @Test
  void nothingCanBeSentUntilTheServerSaidWhetherThereIsAPassword() {
    assertThat(model.isCanSave()).isFalse();
    model.load(now, () -> new PasswordStatus(false));
    assertThat(model.isCanSave()).isTrue();
    assertThat(model.isChanging()).isFalse();
  }

  @Test
  void theRulesShowAsTypedAndEmptyFieldsOnlyOnSave() {
    model.loaded(new PasswordStatus(false));
    assertThat(model.problem(Field.PASSWORD)).isNull();
    model.passwordProperty().set("short");
    assertThat(model.problem(Field.PASSWORD)).isEqualTo("Use 10 to 1024 characters.");
    model.passwordProperty().set("long enough now");
    assertThat(model.problem(Field.PASSWORD)).isNull();
    assertThat(model.problem(Field.CONFIRM)).isNull();
    model.confirmProperty().set("long enough");
    assertThat(model.problem(Field.CONFIRM)).as("still typing it").isNull();
    model.confirmProperty().set("long enuff");
    assertThat(model.problem(Field.CONFIRM)).isEqualTo("The two passwords differ.");
    model.confirmProperty().set("");
    assertThat(model.validate()).contains(Field.CONFIRM);
    assertThat(model.problem(Field.CONFIRM)).isEqualTo("Type the password again to confirm it.");
  }

  @Test
  void aChangeAsksForTheCurrentOneAndSendsIt() {
    model.loaded(new PasswordStatus(true));
    assertThat(model.isChanging()).isTrue();
    model.passwordProperty().set("long enough now");
    model.confirmProperty().set("long enough now");
    assertThat(model.validate()).contains(Field.CURRENT);
    assertThat(model.problem(Field.CURRENT)).isEqualTo("Enter your current password.");
    model.currentProperty().set("the old one");
    List<NewPassword> sent = new ArrayList<>();
    Optional<Field> bad =
        model.save(
            now,
            request -> {
              sent.add(request);
              return new PasswordStatus(true);
            },
            status -> {},
            field -> {});
    assertThat(bad).isEmpty();
    assertThat(sent.get(0).currentPassword().reveal()).isEqualTo("the old one");
    assertThat(sent.get(0).password().reveal()).isEqualTo("long enough now");
    assertThat(sent.get(0).toString()).doesNotContain("the old one", "long enough now");
    // set: nothing typed stays in memory
    assertThat(model.passwordProperty().get()).isEmpty();
    assertThat(model.currentProperty().get()).isEmpty();
  }

  @Test
  void aRefusalLandsOnItsFieldKeepingWhatWasTypedUntilItChanges() {
    model.loaded(new PasswordStatus(true));
    model.currentProperty().set("wrong");
    model.passwordProperty().set("long enough now");
    model.confirmProperty().set("long enough now");
    List<Field> refusedOn = new ArrayList<>();
    model.save(
        now,
        request -> {
          throw new ApiException(
              403,
              "invalid-password",
              "current_password: That is not your current password.",
              "e1",
              0,
              "current_password");
        },
        status -> {},
        refusedOn::add);
    assertThat(refusedOn).containsExactly(Field.CURRENT);
    assertThat(model.problem(Field.CURRENT)).isEqualTo("That is not your current password.");
    assertThat(model.currentProperty().get()).isEqualTo("wrong");
    assertThat(model.passwordProperty().get()).isEqualTo("long enough now");
    assertThat(model.savingProperty().get()).isFalse();
    model.currentProperty().set("right");
    assertThat(model.problem(Field.CURRENT)).isNull();

    model.save(
        now,
        request -> {
          throw new ApiException(429, "rate-limited", "Too many failed sign-ins.", "e2", 60);
        },
        status -> {},
        refusedOn::add);
    assertThat(model.formProblemProperty().get()).contains("Too many failed sign-ins.");
    assertThat(refusedOn).hasSize(1);
  }
}
