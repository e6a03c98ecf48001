package io.keyport.desktop.fx;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * Runs blocking work (HTTP, keychain, disk) off the JavaFX thread and hands the outcome back on it:
 * {@code tasks.run(() -> client.listApps(..)).onSuccess(show).onError(report).start()}.
 */
public final class Tasks {
  private final Executor executor;

  public Tasks(Executor executor) {
    this.executor = Objects.requireNonNull(executor);
  }

  public <T> Builder<T> run(Callable<T> work) {
    return new Builder<>(work);
  }

  public Builder<Void> run(Runnable work) {
    return new Builder<>(() -> {
      work.run();
      return null;
    });
  }

  /** One background job: its handlers run on the FX thread. */
  public final class Builder<T> {
    private final Callable<T> work;
    private Consumer<T> onSuccess = result -> {};
    private Consumer<Throwable> onError = error -> {};
    private Runnable onFinally = () -> {};

    private Builder(Callable<T> work) {
      this.work = work;
    }

    public Builder<T> onSuccess(Consumer<T> handler) {
      this.onSuccess = handler;
      return this;
    }

    public Builder<T> onError(Consumer<Throwable> handler) {
      this.onError = handler;
      return this;
    }

    /** Runs after success or error, e.g. to hide a spinner and enable a button again. */
    public Builder<T> andFinally(Runnable handler) {
      this.onFinally = handler;
      return this;
    }

    public Task<T> start() {
      Task<T> task = new Task<>() {
        @Override
        protected T call() throws Exception {
          return work.call();
        }
      };
      task.setOnSucceeded(e -> {
        try {
          onSuccess.accept(task.getValue());
        } finally {
          onFinally.run();
        }
      });
      task.setOnFailed(e -> {
        try {
          onError.accept(task.getException());
        } finally {
          onFinally.run();
        }
      });
      task.setOnCancelled(e -> onFinally.run());
      executor.execute(task);
      return task;
    }
  }
}
