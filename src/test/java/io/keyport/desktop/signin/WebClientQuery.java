package io.keyport.desktop.signin;

import io.keyport.testing.WebClient;

/** Reads a redirect's parameters in the sign-in tests. */
final class WebClientQuery {
  private WebClientQuery() {}

  static String param(String url, String name) {
    return WebClient.query(url).get(name);
  }

  /** The code the server handed the browser in its last redirect. */
  static String code(FormBrowser browser) {
    return browser.last().redirectParams().get("code");
  }
}
