package io.keyport.cli;

import io.keyport.api.Secret;
import io.keyport.api.User;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import io.keyport.server.core.ApiFailure;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyport server add-user NAME}: makes an account on a server whose sign-up is closed. The
 * password comes from standard input (one line; a terminal is asked without echo), never from the
 * command line, where other users could see it. Takes the server's database options, so it opens
 * the same database; an embedded H2 database must not be in use by a running server.
 */
@Command(
    name = "add-user",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Add an account; the password is read from standard input.")
final class AddUserCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The username: 1 to 20 of a-z, 0-9 and _.")
  String username;

  @Option(names = "--name", description = "The display name (default: the username).")
  String displayName;

  @Mixin DatabaseOptions database;

  InputStream stdin = System.in;
  Console console = System.console();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Secret password = readPassword();
    if (password == null) {
      err.println("No password on standard input.");
      return 2;
    }
    Path dataDir = database.dataDir();
    ServerConfig config =
        ServerConfig.embedded(dataDir, ServerConfig.DEFAULT_PORT)
            .withDatabase(database.dbUrl, database.dbUser, database.dbPassword());
    try {
      User user = KeyportServer.addUser(config, username, password, displayName);
      out.println("Added user " + user.username() + " (id " + user.id() + ").");
      return 0;
    } catch (ApiFailure refused) {
      err.println("Cannot add the user: " + refused.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println(
          "Cannot open the database: "
              + rootMessage(e)
              + (database.dbUrl == null
                  ? " (is a server running on " + dataDir + "? Stop it first.)"
                  : ""));
      return 1;
    }
  }

  private Secret readPassword() throws IOException {
    if (console != null && stdin == System.in) {
      char[] typed = console.readPassword("Password for %s: ", username);
      return typed == null || typed.length == 0 ? null : Secret.of(typed);
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = stdin.read()) != -1 && b != '\n') {
      line.write(b);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    return text.isEmpty() ? null : Secret.of(text);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
