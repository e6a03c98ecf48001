package io.keyport.launch;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Keyport's logging, set up in code (logback finds it through {@code META-INF/services}) rather
 * than from a logback.xml: reading the XML loaded ~600 classes (an XML parser and logback's Joran)
 * at every start, about 100 ms on the way to the desktop's first frame.
 *
 * <p>A {@code logback.configurationFile} system property or a {@code logback-test.xml} on the class
 * path (the tests') still wins: logback then reads that file as usual.
 */
public final class LoggingSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{24} - %msg%n";

  /** Quieter than the root's INFO, or silent. */
  static final Map<String, Level> LEVELS =
      Map.of(
          "org.eclipse.jetty", Level.WARN,
          "io.javalin", Level.WARN,
          "com.zaxxer.hikari", Level.WARN,
          "org.flywaydb", Level.WARN,
          // httpclient5 writes every header (Authorization: Bearer …) and body byte at DEBUG:
          // never.
          "org.apache.hc.client5.http.wire", Level.OFF,
          "org.apache.hc.client5.http.headers", Level.OFF,
          // The keychain's D-Bus library logs each message's contents at DEBUG, and chatter at
          // INFO.
          "org.freedesktop", Level.WARN);

  private static final AtomicBoolean FLUSH_AT_EXIT = new AtomicBoolean();

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LoggingSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Configures a fresh (or just reset) {@code context} as Keyport's: INFO and up on the console
   * through one writer thread, the loggers above quieter.
   */
  public static void apply(LoggerContext context) {
    // Logback's own status messages (its start-up chatter) are never printed.
    context.getStatusManager().add(new NopStatusListener());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    // Request threads hand lines to one writer thread: a console write is a system call under a
    // lock, and at tens of thousands of requests a second that lock set the server's tail latency.
    // Nothing is discarded: a full queue makes the logging thread wait instead.
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    BatchedConsoleAppender console =
        new BatchedConsoleAppender(() -> async.getNumberOfElementsInQueue() > 0);
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder);
    console.start();
    async.addAppender(console);
    async.start();
    // What is still queued when the JVM exits is written out first.
    if (FLUSH_AT_EXIT.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(context::stop, "keyport-log-flush"));
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(async);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
