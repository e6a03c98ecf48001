package io.keyport.desktop.session;

/** Puts a secret on the clipboard (the clipboard guard clears it again later). */
@FunctionalInterface
public interface SecretClipboard {
  /** Copies {@code secret}; {@code what} names it for the status line, e.g. "access token". */
  void copySecret(String secret, String what);
}
