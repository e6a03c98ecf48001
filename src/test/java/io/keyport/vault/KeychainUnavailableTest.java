package io.keyport.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.testing.Requirements;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When no keychain can be used the vault says so — one KeychainUnavailableException whose message
 * names what is missing and how to get it — within its timeout, and writes nothing: the index stays
 * as it was and no token reaches any file. Each case runs in a child JVM with its own environment.
 */
class KeychainUnavailableTest {
  static final long TIMEOUT_MILLIS = 3000;

  /**
   * For the locked keyring. There each call asks gnome-keyring to unlock, which tries to show a
   * prompt: with no display the prompt fails at once (the call fails: "is locked") or, when
   * gnome-keyring queues it behind an earlier one, never completes (the call times out). Both are
   * the locked keyring as a user meets it; both must give the helpful message within the timeout.
   */
  static final long LOCKED_TIMEOUT_MILLIS = 5_000;

  static final String LOCKED = "is locked|did not answer within 5 s \\(it may be locked";

  /** A JVM and a D-Bus round trip on a busy two-core machine, beyond the vault's own timeout. */
  static final long SLACK_MILLIS = 3000;

  static final String HOW_TO = "It needs a Secret Service such as GNOME Keyring or KeePassXC";

  @TempDir Path config;
  @TempDir Path scratch;
  final String server = "http://unavailable-test.invalid";
  final String clientId = TokenFormat.newClientId();
  final Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
  byte[] indexBefore;

  @BeforeEach
  void anIndexWithOneLine() throws Exception {
    // What an earlier, working session left: one index line (and never a secret).
    new VaultIndex(config)
        .write(
            List.of(
                new VaultEntry(
                    new VaultKey(server, "earlier", "c1"),
                    "Earlier App",
                    List.of("basic"),
                    Instant.parse("2026-11-28T17:33:50Z"),
                    "x9Qa")));
    indexBefore = Files.readAllBytes(config.resolve(VaultIndex.FILE_NAME));
  }

  @Test
  void withNoDbusSessionAtAllEveryKeychainCallIsUnavailableAndListStillWorks() throws Exception {
    List<String> out =
        child(
            List.of(),
            env -> {
              env.remove("DBUS_SESSION_BUS_ADDRESS");
              env.put(
                  "XDG_RUNTIME_DIR", scratch.toString()); // no $XDG_RUNTIME_DIR/bus to fall back on
            },
            "store",
            "read",
            "delete",
            "list");

    assertUnavailable(out.get(0), "there is no D-Bus session bus");
    assertUnavailable(out.get(1), "there is no D-Bus session bus");
    assertUnavailable(out.get(2), "there is no D-Bus session bus");
    assertThat(out.subList(3, out.size()))
        .containsExactly("ENTRY " + server + "|earlier|c1|Earlier App|x9Qa", "LISTED 1");
    assertNothingWritten();
  }

  @Test
  void withASessionBusWhereNothingListensTheKeychainIsUnavailable() throws Exception {
    List<String> out =
        child(
            List.of(),
            env -> {
              env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + scratch.resolve("no-bus-here"));
              env.put("XDG_RUNTIME_DIR", scratch.toString());
            },
            "store",
            "read");

    assertUnavailable(out.get(0), "no Secret Service answered on the D-Bus session bus");
    assertUnavailable(out.get(1), "no Secret Service answered on the D-Bus session bus");
    assertNothingWritten();
  }

  @Test
  void aBusThatNeverAnswersIsGivenUpOnAfterTheTimeout() throws Exception {
    Path socket = scratch.resolve("hung-bus");
    List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocketChannel hung = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      hung.bind(UnixDomainSocketAddress.of(socket));
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(hung.accept()); // and never say a word
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "hung-bus");
      acceptor.setDaemon(true);
      acceptor.start();

      List<String> out =
          child(
              List.of(),
              env -> {
                env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket);
                env.put("XDG_RUNTIME_DIR", scratch.toString());
              },
              "store",
              "list");

      String line = assertUnavailable(out.get(0), "did not answer within 3 s \\(");
      assertThat(millis(line)).isGreaterThanOrEqualTo(TIMEOUT_MILLIS);
      assertThat(out.subList(1, out.size())).endsWith("LISTED 1");
      assertThat(accepted).isNotEmpty();
    } finally {
      for (SocketChannel c : accepted) {
        c.close();
      }
    }
    assertNothingWritten();
  }

  @Test
  void aLockedGnomeKeyringIsUnavailableForStoreReadAndDelete() throws Exception {
    Path withKeyring = Path.of(".ci", "with-keyring").toAbsolutePath();
    Requirements.require(
        onPath("dbus-run-session")
            && onPath("gnome-keyring-daemon")
            && onPath("dbus-send")
            && onPath("secret-tool")
            && Files.isRegularFile(withKeyring),
        "dbus-run-session, gnome-keyring-daemon, dbus-send and secret-tool (Debian: dbus, gnome-keyring,"
            + " libsecret-tools) and .ci/with-keyring");
    VaultKey stored = new VaultKey(server, "dave", clientId);
    // A private session bus whose gnome-keyring holds one of our entries and is then locked.
    String script =
        "printf '%s' \"$KEYPORT_TOKEN\" | secret-tool store --label=test"
            + " service \"$KEYPORT_SERVICE\" account \"$KEYPORT_ACCOUNT\" && unset KEYPORT_TOKEN"
            + " && dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets"
            + " org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null"
            + " && exec \"$@\"";
    List<String> wrapper =
        List.of(
            "dbus-run-session",
            "--",
            "bash",
            withKeyring.toString(),
            "bash",
            "-c",
            script,
            "locked-keyring");
    Path data = Files.createDirectories(scratch.resolve("data"));
    Path runtime = Files.createDirectories(scratch.resolve("runtime"));

    List<String> out =
        ChildJvm.run(
            wrapper,
            env -> {
              privateSession(env, data, runtime);
              env.put("KEYPORT_TOKEN", token.reveal());
              env.put("KEYPORT_SERVICE", KeychainVault.service(stored));
              env.put("KEYPORT_ACCOUNT", KeychainVault.account(stored));
            },
            token.reveal(),
            config.toString(),
            Long.toString(LOCKED_TIMEOUT_MILLIS),
            server,
            "dave",
            clientId,
            "read",
            "store",
            "delete",
            "list");

    // read: the entry is there but locked; store: cannot create an item; delete: cannot delete it.
    assertUnavailable(out.get(0), LOCKED, LOCKED_TIMEOUT_MILLIS);
    assertUnavailable(out.get(1), LOCKED, LOCKED_TIMEOUT_MILLIS);
    assertUnavailable(out.get(2), LOCKED, LOCKED_TIMEOUT_MILLIS);
    assertThat(out.subList(3, out.size())).endsWith("LISTED 1");
    assertNothingWritten();
  }

  @Test
  void aLockedGnomeKeyringIsUnavailableEvenForAKeyItHasNoEntryFor() throws Exception {
    Path withKeyring = Path.of(".ci", "with-keyring").toAbsolutePath();
    Requirements.require(
        onPath("dbus-run-session")
            && onPath("gnome-keyring-daemon")
            && onPath("dbus-send")
            && Files.isRegularFile(withKeyring),
        "dbus-run-session, gnome-keyring-daemon and dbus-send (Debian: dbus, gnome-keyring) and .ci/with-keyring");
    String script =
        "dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets"
            + " org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null"
            + " && exec \"$@\"";
    Path data = Files.createDirectories(scratch.resolve("data"));
    Path runtime = Files.createDirectories(scratch.resolve("runtime"));

    List<String> out =
        ChildJvm.run(
            List.of(
                "dbus-run-session",
                "--",
                "bash",
                withKeyring.toString(),
                "bash",
                "-c",
                script,
                "locked-keyring"),
            env -> privateSession(env, data, runtime),
            token.reveal(),
            config.toString(),
            Long.toString(LOCKED_TIMEOUT_MILLIS),
            server,
            "earlier",
            "c1",
            "read",
            "delete",
            "list");

    // A locked collection answers a search with nothing; the vault must not take that for "gone"
    // and drop the index line.
    assertUnavailable(out.get(0), LOCKED, LOCKED_TIMEOUT_MILLIS);
    assertUnavailable(out.get(1), LOCKED, LOCKED_TIMEOUT_MILLIS);
    assertThat(out.subList(2, out.size())).endsWith("LISTED 1");
    assertNothingWritten();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private List<String> child(
      List<String> wrapper, Consumer<Map<String, String>> env, String... ops) {
    List<String> args =
        new ArrayList<>(
            List.of(config.toString(), Long.toString(TIMEOUT_MILLIS), server, "erin", clientId));
    args.addAll(List.of(ops));
    return ChildJvm.run(wrapper, env, token.reveal(), args.toArray(String[]::new));
  }

  /** A session of its own: not the test's bus, keyring daemon or keyring files. */
  private static void privateSession(Map<String, String> env, Path data, Path runtime) {
    env.remove("DBUS_SESSION_BUS_ADDRESS");
    env.remove("GNOME_KEYRING_CONTROL");
    env.remove("SSH_AUTH_SOCK");
    env.put("XDG_DATA_HOME", data.toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
  }

  /** The line is an UNAVAILABLE within the timeout, with the reason and the way out; returns it. */
  private String assertUnavailable(String line, String reason) {
    return assertUnavailable(line, reason, TIMEOUT_MILLIS);
  }

  private String assertUnavailable(String line, String reason, long timeoutMillis) {
    assertThat(line)
        .startsWith("UNAVAILABLE ")
        .contains("GNOME Keyring / Secret Service", HOW_TO, "never in a plain file");
    assertThat(line).containsPattern(reason);
    assertThat(line).doesNotContain(token.reveal());
    assertThat(millis(line)).isLessThan(timeoutMillis + SLACK_MILLIS);
    return line;
  }

  private static long millis(String line) {
    return Long.parseLong(line.split(" ")[1]);
  }

  private void assertNothingWritten() throws IOException {
    try (Stream<Path> files = Files.list(config)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(VaultIndex.FILE_NAME);
    }
    assertThat(Files.readAllBytes(config.resolve(VaultIndex.FILE_NAME))).isEqualTo(indexBefore);
    KeychainVaultTest.assertNoFileUnder(config, token);
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
