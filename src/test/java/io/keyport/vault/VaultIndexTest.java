package io.keyport.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index file on its own: no keychain needed. */
class VaultIndexTest {
  @TempDir Path config;

  static VaultEntry line(String clientId) {
    return new VaultEntry(
        new VaultKey("http://127.0.0.1:8470", "alice", clientId),
        "App " + clientId,
        List.of("basic", "stream"),
        Instant.parse("2026-11-28T17:33:50Z"),
        "x9Qa");
  }

  @Test
  void whatIsWrittenIsReadBackAndNoTemporaryFileIsLeft() throws Exception {
    Path folder = config.resolve("keyport"); // not there yet: made on the first write
    VaultIndex index = new VaultIndex(folder);
    assertThat(index.read()).isEmpty();

    index.write(List.of(line("a"), line("b")));
    index.write(List.of(line("b"), line("c")));

    assertThat(new VaultIndex(folder).read()).containsExactly(line("b"), line("c"));
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(VaultIndex.FILE_NAME);
    }
    assertThat(Files.readString(index.file()))
        .contains(
            "\"client_id\" : \"c\"",
            "\"created_at\" : \"2026-11-28T17:33:50Z\"",
            "\"last4\" : \"x9Qa\"");
  }

  @Test
  void anExpiryIsKeptAndAnIndexWrittenBeforeExpiriesStillReads() throws Exception {
    VaultIndex index = new VaultIndex(config);
    VaultEntry expiring =
        new VaultEntry(
            new VaultKey("embedded server", "alice", "e"),
            "Expiring",
            List.of(),
            Instant.parse("2026-11-28T17:33:50Z"),
            "x9Qa",
            Instant.parse("2027-01-01T00:00:00Z"));
    index.write(List.of(expiring, line("n")));
    assertThat(index.read()).containsExactly(expiring, line("n"));

    Files.writeString(
        index.file(),
        "{\"format\":1,\"tokens\":[{\"server\":\"s\",\"account\":\"a\",\"client_id\":\"c\","
            + "\"app_name\":\"Old\",\"scopes\":[\"basic\"],\"created_at\":\"2026-11-28T17:33:50Z\",\"last4\":\"x9Qa\"}]}");
    assertThat(index.read())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.appName()).isEqualTo("Old");
              assertThat(e.expiresAt()).isNull();
            });
  }

  @Test
  void anUnreadableIndexListsNothingAndIsKeptAsideRatherThanOverwritten() throws Exception {
    VaultIndex index = new VaultIndex(config);
    Files.writeString(index.file(), "{ this is not json");

    assertThat(index.read()).isEmpty();
    assertThat(new KeychainVault(config).list()).isEmpty();

    index.write(List.of(line("a")));

    assertThat(index.read()).containsExactly(line("a"));
    try (Stream<Path> files = Files.list(config)) {
      List<Path> aside =
          files
              .filter(
                  p -> p.getFileName().toString().startsWith(VaultIndex.FILE_NAME + ".unreadable-"))
              .toList();
      assertThat(aside).hasSize(1);
      assertThat(Files.readString(aside.get(0))).isEqualTo("{ this is not json");
    }
  }

  @Test
  void linesWithoutAKeyAreSkippedAndUnknownFieldsIgnored() throws Exception {
    VaultIndex index = new VaultIndex(config);
    Files.writeString(
        index.file(),
        """
        {"format": 1, "future_field": true, "tokens": [
          {"server": "http://127.0.0.1:8470", "account": "alice", "client_id": "a", "app_name": "App a",
           "scopes": ["basic", "stream"], "created_at": "2026-11-28T17:33:50Z", "last4": "x9Qa", "colour": "red"},
          {"server": "http://127.0.0.1:8470", "account": "", "client_id": "b"}
        ]}
        """);
    assertThat(index.read()).containsExactly(line("a"));
  }
}
