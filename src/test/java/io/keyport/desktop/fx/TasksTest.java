package io.keyport.desktop.fx;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.client.ApiException;
import io.keyport.vault.KeychainUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tasks on one thread (no JavaFX toolkit): handlers chosen by type, and what no handler takes
 * reaches the banner.
 */
class TasksTest {
  private final Banner banner = new Banner();
  private final Tasks tasks = new Tasks(Runnable::run, Runnable::run).reportingTo(banner::failed);
  private final List<String> seen = new ArrayList<>();

  @Test
  void aFailureWithNoHandlerShowsInTheBanner() {
    tasks
        .run(
            () -> {
              throw new ApiException(500, "internal-error", "The server failed.", "e-42", 0);
            })
        .onSuccess(result -> seen.add("success"))
        .andFinally(() -> seen.add("finally"))
        .start();

    assertThat(banner.isShowing()).isTrue();
    assertThat(banner.getMessage()).contains("The server failed.").contains("e-42");
    assertThat(banner.kindProperty().get()).isEqualTo(Styles.DANGER);
    assertThat(seen).containsExactly("finally");
  }

  @Test
  void aFailureNoHandlerOfItsTypeTakesShowsInTheBannerToo() {
    tasks
        .run(
            () -> {
              throw new KeychainUnavailableException("No Secret Service on the session bus.");
            })
        .onError(ApiException.class, e -> seen.add("api"))
        .start();

    assertThat(seen).isEmpty();
    assertThat(banner.getMessage()).isEqualTo("No Secret Service on the session bus.");
  }

  @Test
  void theFirstHandlerWhoseTypeMatchesTakesTheFailure() {
    tasks
        .run(
            () -> {
              throw new ApiException(409, "name-taken", "name: taken", null, 0);
            })
        .onError(KeychainUnavailableException.class, e -> seen.add("keychain"))
        .onError(ApiException.class, e -> seen.add("api " + e.slug()))
        .onError(error -> seen.add("any"))
        .start();

    assertThat(seen).containsExactly("api name-taken");
    assertThat(banner.isShowing()).isFalse();
  }

  @Test
  void successRunsItsHandlerThenFinally() {
    tasks
        .run(() -> 42)
        .onSuccess(result -> seen.add("got " + result))
        .onError(error -> seen.add("error"))
        .andFinally(() -> seen.add("finally"))
        .start();

    assertThat(seen).containsExactly("got 42", "finally");
    assertThat(banner.isShowing()).isFalse();
  }

  @Test
  void theBannersActionRunsUntilItIsHidden() {
    banner.warn("Cannot reach the server.", "Retry", () -> seen.add("retry"));
    assertThat(banner.isHasAction()).isTrue();
    banner.act();
    banner.hide();
    banner.act();

    assertThat(seen).containsExactly("retry");
    assertThat(banner.isShowing()).isFalse();
  }
}
