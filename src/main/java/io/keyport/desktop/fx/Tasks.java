package io.keyport.desktop.fx;

import io.keyport.client.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work (HTTP, keychain, disk) on the background executor and hands the outcome to the
 * FX-thread executor ({@code Platform::runLater} in the app; the calling thread in view-model
 * tests): {@code tasks.run(() -> client.getApp(id)).onSuccess(show).onError(ApiException.class,
 * report).start()}. Error handlers are chosen by the failure's type, the first that matches; a
 * failure none takes is logged with its error id and goes to the window's reporter (its banner).
 */
public final class Tasks {
  private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);

  private final Executor background;
  private final Executor fxThread;
  private final Consumer<Throwable> unhandled;

  /** Work on {@code background}, outcomes on the JavaFX application thread. */
  public Tasks(Executor background) {
    this(background, Platform::runLater);
  }

  /**
   * Work on {@code background}, outcomes on {@code fxThread}: {@code Runnable::run} for both in
   * tests.
   */
  public Tasks(Executor background, Executor fxThread) {
    this(background, fxThread, error -> {});
  }

  private Tasks(Executor background, Executor fxThread, Consumer<Throwable> unhandled) {
    this.background = Objects.requireNonNull(background);
    this.fxThread = Objects.requireNonNull(fxThread);
    this.unhandled = Objects.requireNonNull(unhandled);
  }

  /**
   * These tasks, with a failure no handler takes shown by {@code reporter} (the window's banner)
   * once logged.
   */
  public Tasks reportingTo(Consumer<Throwable> reporter) {
    return new Tasks(background, fxThread, reporter);
  }

  public <T> Builder<T> run(Callable<T> work) {
    return new Builder<>(work);
  }

  public Builder<Void> run(Runnable work) {
    return new Builder<>(
        () -> {
          work.run();
          return null;
        });
  }

  /** One background job: its handlers run on the FX-thread executor. */
  public final class Builder<T> {
    private final Callable<T> work;
    private final List<Handler<?>> onError = new ArrayList<>();
    private Consumer<T> onSuccess = result -> {};
    private Runnable onFinally = () -> {};

    private Builder(Callable<T> work) {
      this.work = work;
    }

    public Builder<T> onSuccess(Consumer<T> handler) {
      this.onSuccess = handler;
      return this;
    }

    /** Handles a failure of {@code type} (or a subtype), unless a handler added before takes it. */
    public <E extends Throwable> Builder<T> onError(Class<E> type, Consumer<? super E> handler) {
      onError.add(new Handler<>(type, handler));
      return this;
    }

    /** Handles every failure that no handler added before takes. */
    public Builder<T> onError(Consumer<Throwable> handler) {
      return onError(Throwable.class, handler);
    }

    /** Runs after success or error, e.g. to hide a spinner and enable a button again. */
    public Builder<T> andFinally(Runnable handler) {
      this.onFinally = handler;
      return this;
    }

    public void start() {
      background.execute(
          () -> {
            T result = null;
            Throwable failure = null;
            try {
              result = work.call();
            } catch (Throwable e) {
              failure = e;
            }
            T value = result;
            Throwable error = failure;
            fxThread.execute(
                () -> {
                  try {
                    if (error == null) {
                      onSuccess.accept(value);
                    } else {
                      fail(error);
                    }
                  } finally {
                    onFinally.run();
                  }
                });
          });
    }

    private void fail(Throwable error) {
      for (Handler<?> handler : onError) {
        if (handler.takes(error)) {
          return;
        }
      }
      String id =
          error instanceof ApiException api && api.errorId() != null
              ? " (error id " + api.errorId() + ")"
              : "";
      LOG.warn("A background task failed{}: {}", id, error.getClass().getName(), error);
      unhandled.accept(error);
    }
  }

  private record Handler<E extends Throwable>(Class<E> type, Consumer<? super E> handler) {
    boolean takes(Throwable error) {
      if (!type.isInstance(error)) {
        return false;
      }
      handler.accept(type.cast(error));
      return true;
    }
  }
}
