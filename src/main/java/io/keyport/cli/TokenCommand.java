package io.keyport.cli;

import io.keyport.vault.Vault;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyport token APP}: the token the desktop kept for APP, on standard output and nothing
 * else.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Print the token kept for APP, and nothing else.",
      "APP is an app's name or client id; the token comes from the keychain.",
      "",
      "  export GITHUB_TOKEN=$(keyport token \"My App\")   # better: keyport run",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the token was printed",
      "1:no token is kept for APP",
      "2:the keychain is unavailable (the message says what to install or unlock)",
      "3:APP names several kept tokens (they are listed with their client ids)"
    })
public final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "APP", description = "The app's name (case-insensitive) or client id.")
  String app;

  @Option(names = "--server", paramLabel = "URL", description = "Only tokens for this server.")
  String server;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Vault vault = KeptTokens.open()) {
      KeptTokens.Lookup found = KeptTokens.find(vault, app, server, err);
      if (found.exit() != 0) {
        return found.exit();
      }
      out.print(found.token().reveal());
      out.print('\n');
      out.flush();
      return 0;
    }
  }
}
