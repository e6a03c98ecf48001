package io.keyport;

import io.keyport.api.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The front door. No arguments: the desktop on the embedded server. {@code server …}: the account
 * server alone, headless. A plain class, not the JavaFX Application, so it runs from the classpath.
 */
@Command(
    name = "keyport",
    mixinStandardHelpOptions = true,
    versionProvider = Keyport.VersionProvider.class,
    description = "Developer credentials on the desktop: apps, client secrets and user tokens.",
    subcommands = {ServerCommand.class})
public final class Keyport implements Callable<Integer> {

  public static void main(String[] args) {
    int exit = new CommandLine(new Keyport()).execute(args);
    if (exit != 0 || args.length > 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() {
    UserFolders folders = UserFolders.forCurrentUser();
    try (EmbeddedConnector connector = new EmbeddedConnector(folders.data())) {
      io.keyport.desktop.DesktopApp.launch(connector, folders.config(), null);
    }
    return 0;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Keyport " + Version.current()};
    }
  }
}
