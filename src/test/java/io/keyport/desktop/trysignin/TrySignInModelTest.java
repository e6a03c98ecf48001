package io.keyport.desktop.trysignin;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.api.Secret;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Try sign-in's state without a toolkit: the callback chosen, what is said about it, the request.
 */
class TrySignInModelTest {
  static App app(String... callbacks) {
    return new App(
        "1", "cid", "Bot", "https://example.com", List.of(callbacks), Instant.EPOCH, null, "1");
  }

  @Test
  void choosesTheFirstLoopbackCallbackAndListensThere() {
    TrySignInModel model = new TrySignInModel();
    model.load(app("https://app.example.com/cb", "http://127.0.0.1:8000/cb"));
    assertThat(model.callbackProperty().get()).isEqualTo("http://127.0.0.1:8000/cb");
    assertThat(model.loopbackProperty().get()).isTrue();
    assertThat(model.callbackNoteProperty().get()).contains("Keyport listens");
    assertThat(model.isCanStart()).isTrue();
  }

  @Test
  void saysWhatIsWrongWithTheCallbackBeforeStarting() {
    TrySignInModel model = new TrySignInModel();
    model.load(app("https://app.example.com/cb", "http://127.0.0.1:8000/cb"));
    model.callbackProperty().set("http://127.0.0.1:9999/cb");
    assertThat(model.callbackNoteProperty().get()).contains("Keyport listens");
    model.callbackProperty().set("https://app.example.com/cb");
    assertThat(model.loopbackProperty().get()).isFalse();
    assertThat(model.callbackNoteProperty().get()).contains("paste the address");
    model.callbackProperty().set("https://app.example.com/cv");
    assertThat(model.callbackNoteProperty().get())
        .startsWith("Not registered for this app")
        .contains("\"v\"");
    model.callbackProperty().set("");
    assertThat(model.isCanStart()).isFalse();
  }

  @Test
  void theRequestCarriesTheScopesWithBasicFirstAndTheRegisteredCallbacks() {
    TrySignInModel model = new TrySignInModel();
    model.load(app("http://127.0.0.1/cb"));
    model.scopes().add("stream");
    var request = model.request(app("http://127.0.0.1/cb"), Secret.of("kps_not_shown_anywhere"));
    assertThat(request.scopes()).containsExactly("basic", "stream");
    assertThat(request.registeredCallbacks()).containsExactly("http://127.0.0.1/cb");
    assertThat(request.ephemeralPort()).isFalse();
    model.started();
    assertThat(model.getPhase()).isEqualTo(TrySignInModel.Phase.WAITING);
    assertThat(model.isRunning()).isTrue();
  }
}
