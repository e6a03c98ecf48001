package io.keyport.desktop.fx;

/**
 * Opens a web page in the user's browser (JavaFX's HostServices in the app; a recorder in tests).
 */
@FunctionalInterface
public interface Links {
  void open(String url);
}
