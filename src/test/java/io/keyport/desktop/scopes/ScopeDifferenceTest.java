package io.keyport.desktop.scopes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What Regenerate shows before replacing a token: the scopes added and removed. */
class ScopeDifferenceTest {
  @Test
  void addedThenRemovedInTheirOrder() {
    ScopeDifference d =
        ScopeDifference.between(
            List.of("basic", "files", "stream"), List.of("basic", "stream", "public_messages"));

    assertThat(d.added()).containsExactly("public_messages");
    assertThat(d.removed()).containsExactly("files");
    assertThat(d.isEmpty()).isFalse();
    assertThat(d.describe()).isEqualTo("+ public_messages  − files");
  }

  @Test
  void theSameScopesInAnotherOrderAreNoDifference() {
    ScopeDifference d =
        ScopeDifference.between(List.of("stream", "basic"), List.of("basic", "stream"));

    assertThat(d.isEmpty()).isTrue();
    assertThat(d.describe()).isEmpty();
  }

  @Test
  void onlyAddedOrOnlyRemoved() {
    assertThat(ScopeDifference.between(List.of("basic"), List.of("basic", "a", "b")).describe())
        .isEqualTo("+ a  + b");
    assertThat(ScopeDifference.between(List.of("basic", "x"), List.of("basic")).describe())
        .isEqualTo("− x");
  }
}
