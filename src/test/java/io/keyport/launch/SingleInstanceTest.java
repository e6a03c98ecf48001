package io.keyport.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One desktop per user: a second launch asks the first to come to front and does not start. */
class SingleInstanceTest {
  @TempDir Path config;

  @Test
  void aSecondLaunchBringsTheFirstToFrontAndDoesNotStart() throws Exception {
    CountDownLatch shown = new CountDownLatch(1);
    try (SingleInstance first = SingleInstance.claim(config).orElseThrow()) {
      first.onShowRequest(shown::countDown);

      Optional<SingleInstance> second = SingleInstance.claim(config);

      assertThat(second).isEmpty();
      assertThat(shown.await(5, TimeUnit.SECONDS)).isTrue();
    }
    // once the first has closed, the next launch is the one instance again
    try (SingleInstance again = SingleInstance.claim(config).orElseThrow()) {
      assertThat(Files.exists(config.resolve(SingleInstance.PORT_FILE))).isTrue();
    }
  }

  @Test
  void aRequestWithoutTheKeyIsIgnored() throws Exception {
    CountDownLatch shown = new CountDownLatch(1);
    try (SingleInstance first = SingleInstance.claim(config).orElseThrow()) {
      first.onShowRequest(shown::countDown);
      Path forged = config.resolve("forged.port");
      String port = Files.readString(config.resolve(SingleInstance.PORT_FILE)).split(" ")[0];
      Files.writeString(forged, port + " not-the-key\n");

      assertThat(SingleInstance.askToShow(forged)).isFalse();
      assertThat(shown.getCount()).isEqualTo(1);
    }
  }
}
