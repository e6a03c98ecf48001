package io.keyport.launch;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The console behind the log's writer thread: the lines it takes off the queue together go out in
 * one write, made once the queue is empty, instead of a write per line (System.out flushes each
 * one). After a write the thread rests a moment, so that a busy server's lines gather in the queue
 * for the next write rather than waking it one by one. The server logs every request: in a profile
 * of the code exchange the log took 4.7% of the server's CPU written line by line, 1.6% so.
 *
 * <p>Only the appender's one writer thread may append to it: the rest is part of that thread's
 * loop.
 */
final class BatchedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {
  /** Up to this much waits for a write, more is written at once: a line is rarely near it. */
  static final int BUFFER_BYTES = 64 * 1024;

  /**
   * The rest after a write: a bound on how late a line under load can be, and on the writer's
   * writes and wake-ups (a hundred a second at most, against one per line). A timed rest is itself
   * a system call and a timer: at a millisecond its cost was a third of what it saved.
   */
  static final Duration REST = Duration.ofMillis(10);

  private final BooleanSupplier moreQueued;

  /**
   * @param moreQueued whether lines wait in the writer thread's queue: if so the buffer is not
   *     written yet
   */
  BatchedConsoleAppender(BooleanSupplier moreQueued) {
    this.moreQueued = moreQueued;
  }

  @Override
  public void start() {
    setImmediateFlush(false);
    setOutputStream(new BufferedOutputStream(new SystemOut(), BUFFER_BYTES));
    super.start();
  }

  @Override
  protected void subAppend(ILoggingEvent event) {
    super.subAppend(event);
    if (moreQueued.getAsBoolean() || !isStarted()) {
      return;
    }
    streamWriteLock.lock();
    try {
      getOutputStream().flush();
    } catch (IOException e) {
      addError("Could not write the log to the console", e);
    } finally {
      streamWriteLock.unlock();
    }
    LockSupport.parkNanos(REST.toNanos());
  }

  /**
   * System.out as it is at each write (a test or the CLI may have replaced it), never closed with
   * the appender.
   */
  private static final class SystemOut extends OutputStream {
    private final OutputStream console = ConsoleTarget.SystemOut.getStream();

    @Override
    public void write(int b) throws IOException {
      console.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      console.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      console.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
