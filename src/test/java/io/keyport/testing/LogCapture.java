package io.keyport.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Everything logged (at INFO and above) while it is open, formatted as the server writes it: {@code
 * try (LogCapture log = LogCapture.start()) { …; log.awaitLine(l -> l.contains(id)); }}.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Level previous = root.getLevel();
  private final List<String> lines = new ArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          StringBuilder line =
              new StringBuilder()
                  .append(event.getLevel())
                  .append(' ')
                  .append(event.getLoggerName())
                  .append(" - ")
                  .append(event.getFormattedMessage());
          if (event.getThrowableProxy() != null) {
            line.append(' ')
                .append(event.getThrowableProxy().getClassName())
                .append(": ")
                .append(event.getThrowableProxy().getMessage());
          }
          synchronized (lines) {
            lines.add(line.toString());
            lines.notifyAll();
          }
        }
      };

  private LogCapture() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.INFO);
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * The first line matching {@code test}, waiting for it up to 10 s (request lines follow the
   * answer).
   */
  public String awaitLine(Predicate<String> test) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (test.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no such log line; got " + lines);
        }
        try {
          lines.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    root.setLevel(previous);
  }
}
