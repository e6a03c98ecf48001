package io.keyport.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedAddressTest {
  @TempDir Path data;

  @Test
  void theEmbeddedServerRecordsWhereItListensForScripts() {
    try (EmbeddedConnector connector = new EmbeddedConnector(data)) {
      Session session = connector.connect();

      String base = session.baseUrl().toString().replaceAll("/+$", "");
      assertThat(EmbeddedAddress.read(data)).contains(base);
      assertThat(base).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void onlyALoopbackHttpAddressIsReadBack() throws Exception {
    assertThat(EmbeddedAddress.read(data)).isEmpty();
    for (String notLoopback :
        new String[] {
          "https://127.0.0.1:8470",
          "http://example.com:8470",
          "http://user@127.0.0.1:8470",
          "http://127.0.0.1",
          "not a url at all \u0000"
        }) {
      Files.writeString(data.resolve(EmbeddedAddress.FILE), notLoopback);
      assertThat(EmbeddedAddress.read(data)).as(notLoopback).isEmpty();
    }
    Files.writeString(data.resolve(EmbeddedAddress.FILE), "http://[::1]:8471/\n");
    assertThat(EmbeddedAddress.read(data)).contains("http://[::1]:8471");
  }
}
