package io.keyport.cli;

import io.keyport.vault.Vault;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyport run --app APP -- CMD ARGS…}: CMD with the kept token in its environment. The token
 * goes from the keychain straight into the child's environment: never a file, argv or shell
 * history.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run CMD with the token kept for APP in its environment.",
      "The token goes into KEYPORT_TOKEN (or the variable --env names), the",
      "server's URL into KEYPORT_API. The token never lands in a file, in argv",
      "or in the shell history.",
      "",
      "  keyport run --app \"My App\" -- ./deploy.sh",
      "  keyport run --app \"My App\" --env API_TOKEN -- npm test",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "n:CMD's own exit code",
      "1:no token is kept for APP",
      "2:the keychain is unavailable",
      "3:APP names several kept tokens",
      "127:CMD could not be started"
    })
public final class RunCommand implements Callable<Integer> {
  static final String TOKEN_VARIABLE = "KEYPORT_TOKEN";
  static final String API_VARIABLE = "KEYPORT_API";
  static final int CANNOT_START = 127;

  @Spec CommandSpec spec;

  @Option(
      names = "--app",
      required = true,
      paramLabel = "APP",
      description = "The app's name or client id.")
  String app;

  @Option(
      names = "--env",
      paramLabel = "NAME",
      defaultValue = TOKEN_VARIABLE,
      description = "The variable that carries the token (default: ${DEFAULT-VALUE}).")
  String variable;

  @Option(names = "--server", paramLabel = "URL", description = "Only tokens for this server.")
  String server;

  @Parameters(
      paramLabel = "CMD",
      arity = "1..*",
      description = "The command and its arguments (after --).")
  List<String> command;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      err.println("keyport: --env " + variable + " is not a variable name (letters, digits, _).");
      return CANNOT_START;
    }
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    try (Vault vault = KeptTokens.open()) {
      KeptTokens.Lookup found = KeptTokens.find(vault, app, server, err);
      if (found.exit() != 0) {
        return found.exit();
      }
      Map<String, String> env = builder.environment();
      env.put(variable, found.token().reveal());
      env.put(API_VARIABLE, KeptTokens.apiUrl(found.entry()));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      err.println("keyport: cannot run " + command.get(0) + ": " + e.getMessage());
      return CANNOT_START;
    }
    // Ctrl+C reaches the child through the terminal; we wait for it and pass its exit code on.
    return process.waitFor();
  }
}
