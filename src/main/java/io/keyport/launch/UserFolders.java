package io.keyport.launch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Keyport keeps the user's data (the embedded server's database) and settings, per OS
 * convention.
 */
public record UserFolders(Path data, Path config) {

  public static UserFolders forCurrentUser() {
    return of(
        System.getProperty("os.name"), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static UserFolders of(String osName, Map<String, String> env, Path home) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("win")) {
      Path appData = pathOr(env.get("APPDATA"), home.resolve("AppData").resolve("Roaming"));
      return new UserFolders(appData.resolve("Keyport"), appData.resolve("Keyport"));
    }
    if (os.contains("mac")) {
      Path support = home.resolve("Library").resolve("Application Support").resolve("Keyport");
      return new UserFolders(support, support);
    }
    Path data = pathOr(env.get("XDG_DATA_HOME"), home.resolve(".local").resolve("share"));
    Path config = pathOr(env.get("XDG_CONFIG_HOME"), home.resolve(".config"));
    return new UserFolders(data.resolve("keyport"), config.resolve("keyport"));
  }

  private static Path pathOr(String value, Path fallback) {
    return value == null || value.isBlank() ? fallback : Path.of(value);
  }
}
