package io.keyport;

import io.keyport.cli.ServerCommand;
import io.keyport.cli.VersionProvider;
import io.keyport.launch.DesktopLaunch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
    subcommands = {ServerCommand.class})
public final class Keyport implements Callable<Integer> {
  @Option(names = "--measure-startup",
      description = "Print the milliseconds from process start to the first frame showing the app list"
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
    int exit = new CommandLine(new Keyport()).execute(args);
    if (exit != 0 || args.length > 0) {
      System.exit(exit);
    }
  }

  /** No arguments, or only {@code --measure-startup}: the desktop, with nothing for picocli to do. */
  static boolean isPlainDesktop(String[] args) {
    return args.length == 0 || (args.length == 1 && "--measure-startup".equals(args[0]));
  }

  @Override
  public Integer call() {
    return DesktopLaunch.run(measureStartup);
  }
}
