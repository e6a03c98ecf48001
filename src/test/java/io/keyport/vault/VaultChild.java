package io.keyport.vault;

import io.keyport.api.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A second JVM for the vault tests: {@code VaultChild <configFolder> <timeoutMillis> <server>
 * <account> <clientId> <op>...} with ops {@code store}, {@code read}, {@code delete}, {@code list}.
 * The token to store, or to compare what is read with, comes on standard input (never on the
 * command line). One line per op: {@code STORED}, {@code MATCH}, {@code MISMATCH}, {@code ABSENT},
 * {@code DELETED}, {@code ENTRY server|account|clientId|appName|last4}…{@code LISTED n}, or {@code
 * UNAVAILABLE <millis> <message>}.
 */
public final class VaultChild {
  /** Marks the answers among whatever else (log lines) the child prints. */
  static final String PREFIX = "@@ ";

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    Duration timeout = Duration.ofMillis(Long.parseLong(args[1]));
    VaultKey key = new VaultKey(args[2], args[3], args[4]);
    String token =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    try (KeychainVault vault = new KeychainVault(folder, timeout)) {
      for (int i = 5; i < args.length; i++) {
        long started = System.nanoTime();
        try {
          switch (args[i]) {
            case "store" -> {
              vault.store(
                  new VaultEntry(key, "Child App", List.of("basic", "stream"), Instant.now(), null),
                  Secret.of(token));
              say("STORED");
            }
            case "read" -> {
              Optional<Secret> got = vault.read(key);
              say(
                  got.isEmpty()
                      ? "ABSENT"
                      : got.get().reveal().equals(token) ? "MATCH" : "MISMATCH");
            }
            case "delete" -> {
              vault.delete(key);
              say("DELETED");
            }
            case "list" -> {
              List<VaultEntry> entries = vault.list();
              for (VaultEntry e : entries) {
                say(
                    "ENTRY "
                        + e.key().server()
                        + "|"
                        + e.key().account()
                        + "|"
                        + e.key().clientId()
                        + "|"
                        + e.appName()
                        + "|"
                        + e.last4());
              }
              say("LISTED " + entries.size());
            }
            default -> throw new IllegalArgumentException("unknown op " + args[i]);
          }
        } catch (KeychainUnavailableException e) {
          long millis = (System.nanoTime() - started) / 1_000_000;
          say("UNAVAILABLE " + millis + " " + e.getMessage().replace('\n', ' '));
        }
      }
    }
    System.out.flush();
    // The D-Bus library may leave a non-daemon thread behind after a hung call.
    System.exit(0);
  }

  private static void say(String line) {
    System.out.println(PREFIX + line);
  }
}
