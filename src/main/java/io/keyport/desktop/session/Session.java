package io.keyport.desktop.session;

import io.keyport.api.App;
import io.keyport.client.KeyportClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who the desktop is signed in as, where, and the client that calls with that session's token.
 * {@code firstApps}, when not null, is the app list loading since the session opened (see {@link
 * #withFirstAppsLoading()}); {@link #listAllApps()} takes it once.
 */
public record Session(
    URI baseUrl, String username, boolean embedded, KeyportClient client, FirstApps firstApps) {

  public Session(URI baseUrl, String username, boolean embedded, KeyportClient client) {
    this(baseUrl, username, embedded, client, null);
  }

  /** "Connected to http://127.0.0.1:8470 as alice", as the status line shows it. */
  public String describe() {
    return "Connected to " + baseUrl + " as " + username;
  }

  /**
   * This session, with its app list to be loaded by {@link FirstApps#load()} on the thread that
   * opened it, while the window is still being built: the launch's first list then needs no round
   * trip after the window is up.
   */
  public Session withFirstAppsLoading() {
    if (client == null) {
      return this;
    }
    return new Session(baseUrl, username, embedded, client, new FirstApps(client));
  }

  /**
   * All the caller's apps ({@link KeyportClient#listAllApps()}). The first call of a session made
   * by {@link #withFirstAppsLoading()} gets the list loaded early (waiting for it if need be, and
   * failing as it failed); every other call asks the server now.
   */
  public List<App> listAllApps() throws Exception {
    if (firstApps != null && firstApps.taken.compareAndSet(false, true)) {
      firstApps.task.run(); // a no-op if the opening thread has run it or is running it
      try {
        return firstApps.task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
    return client.listAllApps();
  }

  /**
   * A session's first app list, loading from when the session opened until "Your Apps" takes it.
   */
  public static final class FirstApps {
    private final FutureTask<List<App>> task;
    private final AtomicBoolean taken = new AtomicBoolean();

    private FirstApps(KeyportClient client) {
      this.task = new FutureTask<>(client::listAllApps);
    }

    /** Loads the list now, on this thread, unless it is loading or loaded already. */
    public void load() {
      task.run();
    }

    /** True once the list has loaded (or failed to). */
    public boolean loaded() {
      return task.isDone();
    }
  }
}
