package io.keyport.desktop.connect;

import io.keyport.api.AccessToken;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Rules;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.client.ApiException;
import io.keyport.client.KeyportClient;
import io.keyport.client.ServerUnreachableException;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.signin.BrowserLauncher;
import io.keyport.desktop.signin.SignInFailure;
import io.keyport.desktop.signin.SignInFlow;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Signing in to a team server and staying signed in: the password grant's session token lives in
 * the vault under {@link VaultKey#session}, never on disk in plain text. Blocking throughout.
 */
public final class TeamSignIn implements AutoCloseable {
  static final String SESSION_NAME = "Keyport desktop sign-in";

  /** keyport-desktop's registered loopback callback; the server matches it on any port. */
  static final URI BROWSER_CALLBACK = URI.create("http://127.0.0.1/callback");

  private final Vault vault;
  private final Map<URI, KeyportClient> clients = new ConcurrentHashMap<>();

  public TeamSignIn(Vault vault) {
    this.vault = vault;
  }

  /** Normalizes what a user typed: an absolute http(s) URL without a trailing slash. */
  public static URI parseServer(String typed) {
    String text = typed == null ? "" : typed.strip().replaceAll("/+$", "");
    Rules.serverUrl(text)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem.message());
            });
    return URI.create(text);
  }

  /** The password grant; the session token goes into the vault before the session is handed out. */
  public Session signIn(URI server, String username, Secret password)
      throws KeychainUnavailableException {
    KeyportClient client = client(server);
    return keep(server, client, client.passwordGrant(username, password), username);
  }

  /**
   * Sign-in through the system browser (RFC 8252): keyport-desktop as a public client with PKCE,
   * the redirect on a loopback listener on a free port, scopes basic and developer; the server's
   * own sign-in and consent pages do the rest. The token goes into the vault as for {@link
   * #signIn}.
   */
  public Session signInWithBrowser(
      URI server, BrowserLauncher browser, Duration timeout, Consumer<SignInFlow.Step> timeline)
      throws SignInFailure, InterruptedException, KeychainUnavailableException {
    KeyportClient client = client(server);
    SignInFlow.Result result =
        new SignInFlow(client, browser, timeout, timeline)
            .run(
                new SignInFlow.Request(
                    Scopes.DESKTOP_CLIENT_ID,
                    null,
                    BROWSER_CALLBACK,
                    true,
                    List.of(Scopes.BASIC, Scopes.DEVELOPER),
                    List.of()));
    return keep(server, client, result.token(), null);
  }

  /**
   * Keeps a granted session token in the vault (revoking it if the vault refuses) and opens the
   * session.
   */
  private Session keep(URI server, KeyportClient client, AccessToken granted, String username)
      throws KeychainUnavailableException {
    Secret token = granted.accessToken();
    String account =
        granted.token() != null && granted.token().user() != null
            ? granted.token().user().username()
            : username != null ? username : client.withToken(token).me().username();
    List<String> scopes = granted.token() == null ? List.of() : granted.token().scopes();
    Instant created =
        granted.token() == null || granted.token().createdAt() == null
            ? Instant.now()
            : granted.token().createdAt();
    VaultEntry entry =
        new VaultEntry(
            VaultKey.session(server.toString(), account),
            SESSION_NAME,
            scopes,
            created,
            token.last4());
    try {
      vault.store(entry, token);
    } catch (KeychainUnavailableException e) {
      revokeQuietly(client.withToken(token));
      throw new KeychainUnavailableException(
          "Keyport cannot keep your sign-in: "
              + e.getMessage()
              + " You were not signed in, and nothing was saved.",
          e);
    }
    return new Session(server, account, false, client.withToken(token));
  }

  /**
   * The session kept in the vault for {@code server}, if it still works. A token the server no
   * longer accepts is removed from the vault and nothing is returned; an unreachable server throws.
   */
  public Optional<Session> resume(URI server) throws KeychainUnavailableException {
    Optional<VaultEntry> kept =
        vault.list().stream()
            .filter(e -> e.key().isSession() && server.toString().equals(e.key().server()))
            .max(
                Comparator.comparing(
                    VaultEntry::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    VaultKey key = kept.get().key();
    Optional<Secret> token = vault.read(key);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    KeyportClient client = client(server).withToken(token.get());
    try {
      String account = client.me().username();
      return Optional.of(new Session(server, account, false, client));
    } catch (ApiException e) {
      if (e.status() == 401) {
        vault.delete(key);
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Revokes the session token on the server (when it can be reached) and removes it from the vault;
   * with the server down the token still leaves the keychain, so no one holds it any more.
   */
  public void signOut(Session session) throws KeychainUnavailableException {
    try {
      session.client().revokeCurrentToken();
    } catch (ApiException e) {
      if (!(e.is(ErrorSlug.NOT_AUTHORIZED)
          || e.is(ErrorSlug.INVALID_TOKEN)
          || e.is(ErrorSlug.TOKEN_EXPIRED))) {
        throw e;
      }
    } catch (ServerUnreachableException e) {
      // the token leaves this machine's keychain anyway: nobody holds it any more
    }
    vault.delete(VaultKey.session(session.baseUrl().toString(), session.username()));
  }

  private static void revokeQuietly(KeyportClient client) {
    try {
      client.revokeCurrentToken();
    } catch (ApiException | ServerUnreachableException ignored) {
      // best effort: the token was never handed to anyone
    }
  }

  private KeyportClient client(URI server) {
    return clients.computeIfAbsent(server, KeyportClient::create);
  }

  @Override
  public void close() {
    clients.values().forEach(KeyportClient::close);
    clients.clear();
  }
}
