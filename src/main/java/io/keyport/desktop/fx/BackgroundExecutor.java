package io.keyport.desktop.fx;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The named daemon threads the desktop's blocking work runs on. */
public final class BackgroundExecutor {
  private BackgroundExecutor() {}

  public static ExecutorService create() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread t = new Thread(runnable, "keyport-background-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return Executors.newCachedThreadPool(factory);
  }
}
