package io.keyport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.Keyport;
import io.keyport.api.TokenFormat;
import io.keyport.api.TokenFormat.Kind;
import io.keyport.testing.Requirements;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code keyport scan}: what it finds, what it leaves alone, and its exit codes. */
class ScanCommandTest {
  @TempDir Path dir;

  final String user = TokenFormat.generate(Kind.USER).reveal();
  final String app = TokenFormat.generate(Kind.APP).reveal();
  final String secret = TokenFormat.generate(Kind.CLIENT_SECRET).reveal();

  record Result(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Result scan(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("scan"));
    all.addAll(List.of(args));
    CommandLine cli = Keyport.scriptCommand("scan").orElseThrow();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  static String shown(String token) {
    return token.substring(0, 3) + "_…" + token.substring(token.length() - 4);
  }

  @Test
  void findsEachPrefixWithItsLineAndColumnAndShowsOnlyTheLastFour() throws IOException {
    Path env = write(".env", "# settings\nKEYPORT_TOKEN=" + user + "\n");
    Path yaml =
        write("config/app.yml", "app:\n  token: \"" + app + "\"\n  secret: " + secret + " # no\n");

    Result r = scan(dir.toString());

    assertThat(r.exit()).isEqualTo(ScanCommand.FOUND);
    assertThat(r.lines())
        .containsExactly(
            env + ":2:15 " + shown(user),
            yaml + ":2:11 " + shown(app),
            yaml + ":3:11 " + shown(secret));
    assertThat(r.out() + r.err()).doesNotContain(user, app, secret);
    assertThat(r.err()).contains("3 Keyport secrets found");
  }

  @Test
  void aLookAlikeWithABadChecksumOrInsideALongerWordIsNotReported() throws IOException {
    String badChecksum = user.substring(0, 39) + (user.charAt(39) == 'A' ? 'B' : 'A');
    write(
        "notes.txt",
        "kpu_"
            + "x".repeat(36)
            + "\n"
            + badChecksum
            + "\nx"
            + app
            + "\n"
            + secret
            + "9\n"
            + "kpx_"
            + user.substring(4)
            + "\n");

    Result r = scan(dir.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBinaryFileIsSkipped() throws IOException {
    byte[] bytes = ("\u0000\u0001PNG " + user + "\n").getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("image.bin"), bytes);

    assertThat(scan(dir.toString()).exit()).isZero();
  }

  @Test
  void aTokenAcrossTheReadChunkBoundaryIsFoundOnItsLine() throws IOException {
    StringBuilder text = new StringBuilder();
    while (text.length() < (1 << 20) - 20) {
      text.append("just some source code;\n");
    }
    int lines = (int) text.chars().filter(c -> c == '\n').count();
    text.append("x = ").append(user).append('\n');
    Path big = write("big.txt", text.toString());

    Result r = scan(dir.toString());

    assertThat(r.lines()).containsExactly(big + ":" + (lines + 1) + ":5 " + shown(user));
  }

  @Test
  void inAGitWorkTreeIgnoredFilesAreSkippedUnlessAll() throws Exception {
    requireGit();
    git("init", "-q");
    write(".gitignore", "local.env\nbuild/\n");
    write("local.env", "TOKEN=" + user + "\n");
    write("build/out.txt", app + "\n");
    Path untracked = write("src/Main.java", "String s = \"" + secret + "\";\n");

    Result r = scan(dir.toString());
    assertThat(r.lines()).containsExactly(untracked + ":1:13 " + shown(secret));

    Result all = scan("--all", dir.toString());
    assertThat(all.lines())
        .hasSize(3)
        .anyMatch(l -> l.endsWith(shown(user)))
        .anyMatch(l -> l.endsWith(shown(app)));
  }

  @Test
  void stagedScansOnlyTheLinesAddedInStagedChanges() throws Exception {
    requireGit();
    git("init", "-q");
    write("deploy.sh", "#!/bin/sh\necho hello\n");
    git("add", "deploy.sh");
    assertThat(scan("--staged", dir.toString()).exit()).isZero();

    write("deploy.sh", "#!/bin/sh\necho hello\ncurl -H \"Authorization: Bearer " + app + "\" x\n");
    git("add", "deploy.sh");
    write("later.txt", user + "\n"); // not staged: not part of the commit
    Result r = scan("--staged", dir.toString());

    assertThat(r.exit()).isEqualTo(ScanCommand.FOUND);
    assertThat(r.lines()).containsExactly("deploy.sh:3:32 " + shown(app));
    assertThat(r.out() + r.err()).doesNotContain(app);
  }

  @Test
  void aPathThatDoesNotExistIsAnError() {
    Result r = scan(dir.resolve("nope").toString());

    assertThat(r.exit()).isEqualTo(ScanCommand.ERROR);
    assertThat(r.err()).contains("no such file or folder");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static void requireGit() {
    boolean present;
    try {
      present = new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      present = false;
    }
    Requirements.require(present, "git");
  }

  private void git(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
