package io.keyport.desktop.signin;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Opens a URL in the user's browser. The app passes {@code HostServices.showDocument}; tests play
 * the browser themselves. {@link #system()} starts the operating system's opener.
 */
@FunctionalInterface
public interface BrowserLauncher {
  void open(URI url) throws IOException;

  /**
   * {@code xdg-open} on Linux and the BSDs, {@code open} on macOS, the URL handler DLL on Windows.
   */
  static BrowserLauncher system() {
    return url -> {
      Process p =
          new ProcessBuilder(command(System.getProperty("os.name", ""), url))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
    };
  }

  /** The opener command for an operating system name as {@code os.name} gives it. */
  static List<String> command(String osName, URI url) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("win")) {
      return List.of("rundll32", "url.dll,FileProtocolHandler", url.toString());
    }
    if (os.contains("mac")) {
      return List.of("open", url.toString());
    }
    return List.of("xdg-open", url.toString());
  }

  /**
   * {@code first}, and {@code fallback} when it fails (HostServices does nothing on some desktops).
   */
  static BrowserLauncher firstOf(BrowserLauncher first, BrowserLauncher fallback) {
    return url -> {
      try {
        first.open(url);
      } catch (IOException | RuntimeException e) {
        fallback.open(url);
      }
    };
  }
}
