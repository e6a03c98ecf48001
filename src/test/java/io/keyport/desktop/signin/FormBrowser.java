package io.keyport.desktop.signin;

import io.keyport.testing.WebClient;
import io.keyport.testing.WebClient.Page;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The "browser" of the sign-in tests: follows the server's HTML forms over HTTP (sign in with the
 * CSRF token the form carries, then Allow or Deny on the consent page) and then follows the
 * redirect to the loopback listener, as a browser would. {@code redirectEdit} may tamper with the
 * redirect first (a wrong state, a stolen code).
 */
public final class FormBrowser implements BrowserLauncher {
  public enum Decision {
    ALLOW,
    DENY,
    NOTHING
  }

  private final URI server;
  private final String username;
  private final String password;
  private final Decision decision;
  private final UnaryOperator<String> redirectEdit;
  final List<Page> pages = new ArrayList<>();
  public volatile Page callbackAnswer;
  public volatile URI opened;

  public FormBrowser(
      URI server,
      String username,
      String password,
      Decision decision,
      UnaryOperator<String> redirectEdit) {
    this.server = server;
    this.username = username;
    this.password = password;
    this.decision = decision;
    this.redirectEdit = redirectEdit;
  }

  public FormBrowser(URI server, String username, String password, Decision decision) {
    this(server, username, password, decision, UnaryOperator.identity());
  }

  @Override
  public void open(URI url) {
    opened = url;
    if (decision == Decision.NOTHING) {
      return;
    }
    WebClient browser = new WebClient(server);
    Page page = browser.get(url.toString());
    pages.add(page);
    if (page.hasForm("/oauth/sign-in")) {
      page =
          browser.submit(
              page, "/oauth/sign-in", Map.of("username", username, "password", password));
      pages.add(page);
      if (page.status() != 303) {
        return;
      }
      page = browser.get(page.location());
      pages.add(page);
    }
    if (page.hasForm("/oauth/consent")) {
      page =
          browser.submit(
              page,
              "/oauth/consent",
              Map.of("decision", decision == Decision.ALLOW ? "allow" : "deny"));
      pages.add(page);
    }
    if (page.status() / 100 == 3
        && page.location() != null
        && page.location().startsWith("http://")) {
      callbackAnswer = browser.get(redirectEdit.apply(page.location()));
    }
  }

  Page last() {
    return pages.get(pages.size() - 1);
  }

  /** Where the server sent the browser last: the callback with code and state, for a paste. */
  public String landedAt() {
    return last().location();
  }
}
