package io.keyport.cli;

import io.keyport.api.Version;
import picocli.CommandLine;

/** {@code --version} of every command: "Keyport" and the version the build stamped. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"Keyport " + Version.current()};
  }
}
