package io.keyport.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * --measure-startup counts from the process's start: before the JVM's own start, not long before.
 */
class StartupClockTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void theProcessStartedShortlyBeforeTheJvmDid() {
    Instant process = StartupClock.linuxProcessStart();
    long jvm = ManagementFactory.getRuntimeMXBean().getStartTime();

    assertThat(process).isNotNull();
    // /proc counts in 10 ms ticks; the launcher loads the JVM in between (well under 10 s even on a
    // busy machine).
    assertThat(jvm - process.toEpochMilli()).isBetween(-20L, 10_000L);
    assertThat(Math.abs(StartupClock.processStart().toEpochMilli() - process.toEpochMilli()))
        .isLessThan(30L);
  }
}
