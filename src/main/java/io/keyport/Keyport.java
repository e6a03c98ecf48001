package io.keyport;

import io.keyport.cli.CompletionCommand;
import io.keyport.cli.RunCommand;
import io.keyport.cli.ScanCommand;
import io.keyport.cli.ServerCommand;
import io.keyport.cli.TokenCommand;
import io.keyport.cli.TokensCommand;
import io.keyport.cli.VersionProvider;
import io.keyport.launch.DesktopLaunch;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The front door. No arguments: the desktop on the embedded server. {@code server …}: the account
 * server alone, headless. A plain class, not the JavaFX Application, so it runs from the classpath.
 */
@Command(
    name = "keyport",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Developer credentials on the desktop: apps, client secrets and user tokens.",
    subcommands = {
      ServerCommand.class,
      TokenCommand.class,
      RunCommand.class,
      TokensCommand.class,
      ScanCommand.class,
      CompletionCommand.class
    })
public final class Keyport implements Callable<Integer> {
  @Option(
      names = "--measure-startup",
      description =
          "Print the milliseconds from process start to the first frame showing the app list"
              + " (as 'startup-ms N'), then exit.")
  boolean measureStartup;

  public static void main(String[] args) {
    if (isPlainDesktop(args)) {
      // The desktop's own launch skips picocli: building its model of all the commands by
      // reflection took ~150 ms on the way to the first frame, for nothing to parse.
      Keyport desktop = new Keyport();
      desktop.measureStartup = args.length == 1;
      int exit;
      try {
        exit = desktop.call();
      } catch (RuntimeException e) {
        e.printStackTrace();
        exit = CommandLine.ExitCode.SOFTWARE;
      }
      if (exit != 0 || args.length > 0) {
        System.exit(exit);
      }
      return;
    }
    if (SCRIPT_COMMANDS.contains(args[0])) {
      // Their standard output is for scripts: no log line may land there, and they need no logging
      // set up (its classes are ~70 ms). What goes wrong is said on standard error by the command.
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    int exit = scriptCommand(args[0]).orElseGet(() -> new CommandLine(new Keyport())).execute(args);
    if (exit != 0 || args.length > 0) {
      System.exit(exit);
    }
  }

  /**
   * For a command scripts call: a command line holding that one command, so picocli reflects on it
   * alone and not on the server's and the desktop's (their classes stay unloaded; the CLI starts
   * faster). {@code keyport --help} and {@code completion} still see every command.
   */
  public static Optional<CommandLine> scriptCommand(String name) {
    Object command;
    switch (name) {
      case "token":
        command = new TokenCommand();
        break;
      case "run":
        command = new RunCommand();
        break;
      case "tokens":
        command = new TokensCommand();
        break;
      case "scan":
        command = new ScanCommand();
        break;
      default:
        return Optional.empty();
    }
    CommandSpec root = CommandSpec.create().name("keyport");
    CommandLine line = new CommandLine(root).addSubcommand(name, command);
    // `keyport run --app A ls -la`: from CMD on, every word is CMD's, as after `--`.
    if (command instanceof RunCommand) {
      line.getSubcommands().get(name).setStopAtPositional(true);
    }
    return Optional.of(line);
  }

  /** The commands for scripts, whose output is read by programs. */
  static final Set<String> SCRIPT_COMMANDS = Set.of("token", "run", "tokens", "scan", "completion");

  /**
   * No arguments, or only {@code --measure-startup}: the desktop, with nothing for picocli to do.
   */
  static boolean isPlainDesktop(String[] args) {
    return args.length == 0 || (args.length == 1 && "--measure-startup".equals(args[0]));
  }

  @Override
  public Integer call() {
    return DesktopLaunch.run(measureStartup);
  }
}
