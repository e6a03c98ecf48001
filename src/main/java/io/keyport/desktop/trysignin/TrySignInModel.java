package io.keyport.desktop.trysignin;

import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.Rules;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.desktop.fx.Failures;
import io.keyport.desktop.signin.CallbackDifference;
import io.keyport.desktop.signin.SignInFailure;
import io.keyport.desktop.signin.SignInFailure.Reason;
import io.keyport.desktop.signin.SignInFlow;
import io.keyport.desktop.signin.SignInFlow.Step;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Try sign-in's state, without controls (UX.md 10): the app's registered callbacks and the one to
 * try, the scopes to ask for, where the attempt is, its timeline, and how it ended — a token, or a
 * failure in words with what the screen needs to explain it (the difference for a mismatch, a free
 * port for a taken one).
 */
public final class TrySignInModel {
  /** Where the attempt is. */
  public enum Phase {
    READY,
    WAITING,
    PASTE,
    EXCHANGING,
    SIGNED_IN,
    FAILED
  }

  /** How long Keyport listens for the redirect unless told otherwise. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  private final ObservableList<String> registered = FXCollections.observableArrayList();
  private final StringProperty callback = new SimpleStringProperty(this, "callback", "");
  private final ObservableList<String> scopes =
      FXCollections.observableArrayList(List.of(Scopes.BASIC));
  private final ObjectProperty<Phase> phase =
      new SimpleObjectProperty<>(this, "phase", Phase.READY);
  private final ObservableList<Step> steps = FXCollections.observableArrayList();
  private final ObjectProperty<SignInFailure> failure = new SimpleObjectProperty<>(this, "failure");
  private final StringProperty message = new SimpleStringProperty(this, "message");
  private final ObjectProperty<AccessToken> token = new SimpleObjectProperty<>(this, "token");
  private final StringProperty landedUrl = new SimpleStringProperty(this, "landedUrl", "");
  private final ObjectProperty<Duration> timeout =
      new SimpleObjectProperty<>(this, "timeout", DEFAULT_TIMEOUT);
  private final BooleanBinding running =
      Bindings.createBooleanBinding(
          () -> phase.get() == Phase.WAITING || phase.get() == Phase.EXCHANGING, phase);
  private final BooleanBinding loopback =
      Bindings.createBooleanBinding(() -> isLoopback(callback.get()), callback);
  private final StringBinding callbackNote =
      Bindings.createStringBinding(() -> noteFor(callback.get()), callback, registered);
  private final BooleanBinding canStart =
      Bindings.createBooleanBinding(
          () -> !running.get() && phase.get() != Phase.PASTE && parse(callback.get()).isPresent(),
          running,
          phase,
          callback);

  /** Shows {@code app}: its callbacks, the first loopback one (else the first) chosen. */
  public void load(App app) {
    registered.setAll(app.callbackUrls());
    callback.set(
        app.callbackUrls().stream()
            .filter(TrySignInModel::isLoopback)
            .findFirst()
            .orElse(app.callbackUrls().isEmpty() ? "" : app.callbackUrls().get(0)));
  }

  /** What to try: this app, its secret for the exchange, the chosen callback and scopes. */
  public SignInFlow.Request request(App app, Secret clientSecret) {
    return new SignInFlow.Request(
        app.clientId(),
        clientSecret,
        parse(callback.get()).orElseThrow(),
        false,
        Scopes.normalize(scopes),
        List.copyOf(registered));
  }

  /** A new attempt begins: the timeline and the last outcome are cleared. */
  public void started() {
    steps.clear();
    failure.set(null);
    message.set(null);
    token.set(null);
    landedUrl.set("");
    phase.set(loopback.get() ? Phase.WAITING : Phase.PASTE);
  }

  public void step(Step step) {
    steps.add(step);
  }

  /** The pasted URL goes to the server. */
  public void exchanging() {
    phase.set(Phase.EXCHANGING);
  }

  public void succeeded(SignInFlow.Result result) {
    token.set(result.token());
    phase.set(Phase.SIGNED_IN);
  }

  /** The attempt ended without a token: a failure in words, or another error described. */
  public void failed(Throwable error) {
    if (error instanceof SignInFailure f) {
      failure.set(f);
      message.set(f.getMessage());
      if (f.reason() == Reason.NOT_A_REDIRECT && phase.get() == Phase.EXCHANGING) {
        phase.set(Phase.PASTE); // paste the right address and exchange again
      } else {
        phase.set(f.reason() == Reason.CANCELLED ? Phase.READY : Phase.FAILED);
      }
    } else {
      failure.set(null);
      message.set(Failures.describe(error));
      phase.set(Phase.FAILED);
    }
  }

  /** The paste step was abandoned. */
  public void cancelled() {
    message.set("Cancelled.");
    phase.set(Phase.READY);
  }

  /** After a taken port: the callback with the free port the failure offered. */
  public void useFreePort() {
    SignInFailure f = failure.get();
    Optional<URI> uri = parse(callback.get());
    if (f != null && f.freePort() > 0 && uri.isPresent()) {
      callback.set(SignInFlow.withPort(uri.get(), f.freePort()).toString());
    }
  }

  /** The difference to highlight, when the attempt failed on a mismatch. */
  public Optional<CallbackDifference> difference() {
    return failure.get() == null ? Optional.empty() : failure.get().difference();
  }

  /**
   * Said under the callback before starting: a URL that matches no registered one (the server will
   * show an error page), or one Keyport cannot listen on (paste the URL back by hand).
   */
  static String noteFor(String value, List<String> registered) {
    Optional<URI> uri = parse(value);
    if (uri.isEmpty()) {
      return value == null || value.isBlank() ? "Choose a callback URL." : "Not a URL.";
    }
    if (!registered.isEmpty()
        && registered.stream().noneMatch(r -> Rules.redirectMatches(r, value))) {
      return "Not registered for this app: the server will refuse it. "
          + CallbackDifference.nearest(value, registered)
              .map(CallbackDifference::explain)
              .orElse("");
    }
    if (!isLoopback(value)) {
      return "Not a loopback URL, so Keyport cannot receive the redirect itself: open the"
          + " authorize URL, then paste the address the browser lands on.";
    }
    return "Keyport listens on this address for the redirect.";
  }

  private String noteFor(String value) {
    return noteFor(value, registered);
  }

  static boolean isLoopback(String value) {
    return parse(value)
        .filter(u -> "http".equals(u.getScheme()) && Rules.isLoopback(u.getHost()))
        .isPresent();
  }

  static Optional<URI> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.strip());
      return uri.getScheme() == null || uri.getHost() == null ? Optional.empty() : Optional.of(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  public ObservableList<String> registered() {
    return registered;
  }

  public StringProperty callbackProperty() {
    return callback;
  }

  public ObservableList<String> scopes() {
    return scopes;
  }

  public ObjectProperty<Phase> phaseProperty() {
    return phase;
  }

  public Phase getPhase() {
    return phase.get();
  }

  public ObservableList<Step> steps() {
    return steps;
  }

  public ObjectProperty<SignInFailure> failureProperty() {
    return failure;
  }

  public StringProperty messageProperty() {
    return message;
  }

  public ObjectProperty<AccessToken> tokenProperty() {
    return token;
  }

  public StringProperty landedUrlProperty() {
    return landedUrl;
  }

  /** How long to listen for the redirect; tests shorten it. */
  public ObjectProperty<Duration> timeoutProperty() {
    return timeout;
  }

  public BooleanBinding runningProperty() {
    return running;
  }

  public boolean isRunning() {
    return running.get();
  }

  public BooleanBinding loopbackProperty() {
    return loopback;
  }

  public StringBinding callbackNoteProperty() {
    return callbackNote;
  }

  public BooleanBinding canStartProperty() {
    return canStart;
  }

  public boolean isCanStart() {
    return canStart.get();
  }
}
