package io.keyport.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Keyport's version, as the build wrote it: the {@code User-Agent} and {@code /health} carry it.
 */
public final class Version {
  private Version() {}

  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/io/keyport/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
