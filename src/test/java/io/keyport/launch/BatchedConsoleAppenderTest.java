package io.keyport.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * Keyport's console log ({@link LoggingSetup}) writes the lines its writer thread takes together in
 * one write, loses none, and does not hold a lone line back.
 */
class BatchedConsoleAppenderTest {
  static final String MARK = "batched-console-test";

  final Console console = new Console();
  final LoggerContext context = new LoggerContext();
  PrintStream systemOut;

  @BeforeEach
  void keyportsLoggingOnACapturedConsole() {
    systemOut = System.out;
    // As the JVM's own System.out: each write flushed.
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's provider gives its own context
    LoggingSetup.apply(context);
  }

  @AfterEach
  void consoleBack() {
    context.stop();
    System.setOut(systemOut);
  }

  @Test
  void linesLoggedAtOnceFromManyThreadsAreWrittenTogetherAndAllArrive() throws Exception {
    int threads = 8;
    int perThread = 2_500;
    Logger log = context.getLogger("io.keyport.server.http.HttpApi");
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> loggers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      loggers.add(
          new Thread(
              () -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                  log.info("GET /stream/0/token 200 0ms " + MARK + " t" + thread + " n" + i);
                }
              }));
    }
    loggers.forEach(Thread::start);
    go.countDown();
    for (Thread t : loggers) {
      t.join();
    }
    context.stop(); // what is still queued is written out

    List<String> lines = console.markedLines();
    assertThat(lines).hasSize(threads * perThread);
    int[] next = new int[threads];
    Pattern line =
        Pattern.compile(" INFO  .* - GET /stream/0/token 200 0ms " + MARK + " t(\\d+) n(\\d+)");
    for (String l : lines) {
      Matcher m = line.matcher(l);
      assertThat(m.find()).as(l).isTrue();
      int thread = Integer.parseInt(m.group(1));
      assertThat(Integer.parseInt(m.group(2)))
          .as("thread %d's lines in order", thread)
          .isEqualTo(next[thread]++);
    }
    // A write per line would be 20,000 writes; the writer rests a millisecond after each write, and
    // the lines are logged in well under a few seconds.
    assertThat(console.markedWrites()).isLessThan(lines.size() / 4);
  }

  @Test
  void aLoneLineIsWrittenWithoutWaitingForMore() throws Exception {
    context.getLogger("io.keyport.Keyport").info("listening " + MARK);

    assertThat(console.firstMarkedWrite.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(console.markedLines()).singleElement().asString().endsWith("listening " + MARK);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** System.out's bytes, and how many writes carried the test's lines. */
  static final class Console extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch firstMarkedWrite = new CountDownLatch(1);
    int markedWrites;

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      if (new String(b, off, len, StandardCharsets.UTF_8).contains(MARK)) {
        markedWrites++;
        firstMarkedWrite.countDown();
      }
    }

    synchronized int markedWrites() {
      return markedWrites;
    }

    synchronized List<String> markedLines() {
      return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(MARK)).toList();
    }
  }
}
