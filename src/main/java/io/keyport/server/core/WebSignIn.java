package io.keyport.server.core;

import io.keyport.api.AccessToken;
import io.keyport.api.Authorization;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Rules;
import io.keyport.api.Scope;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.api.TokenFormat;
import io.keyport.server.crypto.Hashing;
import io.keyport.server.store.AppStore.AppRow;
import io.keyport.server.store.CodeStore;
import io.keyport.server.store.CodeStore.CodeRow;
import io.keyport.server.store.CodeStore.Redeemed;
import io.keyport.server.store.ConsentStore;
import io.keyport.server.store.ConsentStore.ConsentRow;
import io.keyport.server.store.SessionStore;
import io.keyport.server.store.SessionStore.SessionRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The rules of web sign-in (API.md, "Web sign-in"): authorization requests and their validation
 * order, browser sessions, consent, authorization codes (60 s, single use, bound to client,
 * redirect URI, user, scopes and PKCE challenge) and their exchange, and a user's authorized apps.
 * Sessions and codes are stored as SHA-256 only; everything is in the database.
 */
public final class WebSignIn {
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
  public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

  /** Live tokens of this flow per user and app; the oldest beyond are revoked. */
  public static final int MAX_LIVE_WEB_TOKENS = 10;

  /**
   * The redirect URIs of the first-party public client {@code keyport-desktop}: loopback, any port
   * (RFC 8252 §7.3), for the desktop's browser sign-in.
   */
  public static final List<String> DESKTOP_CALLBACKS =
      List.of("http://127.0.0.1/callback", "http://[::1]/callback", "http://localhost/callback");

  static final String DEVELOPER_DESCRIPTION =
      "Manage your apps, their client secrets and tokens in Keyport.";
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final int STATE_MAX = 2048;

  private final Accounts accounts;
  private final Apps apps;
  private final Tokens tokens;
  private final SessionStore sessions;
  private final CodeStore codes;
  private final ConsentStore consents;
  private final Clock clock;

  /**
   * Sessions by the SHA-256 of their id, remembered between requests: a sign-out (a write) makes
   * every instance forget them, and none is used past its expiry or {@link TokenCache#MAX_AGE}.
   */
  private final TokenCache.Remembered<String, SessionRow> liveSessions;

  /**
   * What a user allowed a client (or that they allowed nothing yet), remembered for the pages; a
   * decision reads the table.
   */
  private final TokenCache.Remembered<ConsentKey, ConsentRow> consented;

  private record ConsentKey(long accountId, String clientId) {}

  /** {@code cache}: sessions and consents remembered between requests ({@link TokenCache}). */
  public WebSignIn(
      Accounts accounts,
      Apps apps,
      Tokens tokens,
      SessionStore sessions,
      CodeStore codes,
      ConsentStore consents,
      Clock clock,
      TokenCache cache) {
    this.accounts = accounts;
    this.apps = apps;
    this.tokens = tokens;
    this.sessions = sessions;
    this.codes = codes;
    this.consents = consents;
    this.clock = clock;
    this.liveSessions = cache.remembering();
    this.consented = cache.rememberingAbsence();
  }

  // ---------------------------------------------------------------- authorization requests

  /**
   * The client asking: its id, app (null for keyport-desktop), name, website, and who registered
   * it.
   */
  public record Client(
      String clientId,
      Long appId,
      String name,
      String website,
      String developer,
      List<String> callbackUrls) {
    public boolean firstParty() {
      return appId == null;
    }
  }

  /** A valid authorization request. {@code state} may be null. */
  public record AuthRequest(
      Client client, String redirectUri, List<String> scopes, String state, String challenge) {
    @Override
    public String toString() {
      return "AuthRequest[client=" + client.clientId() + ", scopes=" + scopes + "]";
    }
  }

  /**
   * An authorization request refused: with {@code redirectUri} null an error page on the server
   * (unknown client, unregistered redirect URI: never a redirect), else a redirect there with
   * {@code error}, {@code error_description} and {@code state}.
   */
  public static final class Refused extends RuntimeException {
    private final String error;
    private final String redirectUri;
    private final String state;

    Refused(String error, String description, String redirectUri, String state) {
      super(description, null, false, false);
      this.error = error;
      this.redirectUri = redirectUri;
      this.state = state;
    }

    static Refused page(String error, String description) {
      return new Refused(error, description, null, null);
    }

    public String error() {
      return error;
    }

    public String description() {
      return getMessage();
    }

    public String redirectUri() {
      return redirectUri;
    }

    public String state() {
      return state;
    }

    public boolean redirects() {
      return redirectUri != null;
    }
  }

  /**
   * Validates {@code GET /oauth/authenticate} / {@code /oauth/authorize} parameters in API.md's
   * order: the client and the redirect URI first (their failures are pages), then everything else
   * (redirects): response type, PKCE S256, scopes.
   */
  public AuthRequest authorizationRequest(Map<String, List<String>> params) {
    String clientId = single(params, "client_id");
    if (clientId == null || clientId.isEmpty()) {
      throw Refused.page("invalid_request", "The request names no client (client_id is missing).");
    }
    Client client =
        client(clientId)
            .orElseThrow(() -> Refused.page("invalid_client", "No app has this client id."));
    String redirectUri = single(params, "redirect_uri");
    if (redirectUri == null || redirectUri.isEmpty()) {
      throw Refused.page("invalid_request", "The request has no redirect_uri.");
    }
    if (client.callbackUrls().stream()
        .noneMatch(registered -> redirectMatches(registered, redirectUri))) {
      throw Refused.page(
          "invalid_request",
          "The redirect_uri is not one of the callback URLs registered for " + client.name() + ".");
    }
    // From here on, errors go back to the app.
    List<String> states = params.getOrDefault("state", List.of());
    String state = states.isEmpty() ? null : states.get(0);
    if (states.size() > 1) {
      throw redirect("invalid_request", "state must not repeat", redirectUri, state);
    }
    if (state != null && state.length() > STATE_MAX) {
      throw redirect(
          "invalid_request",
          "state must be at most " + STATE_MAX + " characters",
          redirectUri,
          null);
    }
    String responseType = single(params, "response_type", redirectUri, state);
    if (responseType == null || responseType.isEmpty()) {
      throw redirect("invalid_request", "response_type=code is required", redirectUri, state);
    }
    if (!responseType.equals("code")) {
      throw redirect(
          "unsupported_response_type",
          "only response_type=code is supported (no implicit grant)",
          redirectUri,
          state);
    }
    String challenge = single(params, "code_challenge", redirectUri, state);
    String method = single(params, "code_challenge_method", redirectUri, state);
    if (challenge == null || challenge.isEmpty()) {
      throw redirect(
          "invalid_request", "code_challenge is required (PKCE with S256)", redirectUri, state);
    }
    if (!"S256".equals(method)) {
      throw redirect("invalid_request", "code_challenge_method must be S256", redirectUri, state);
    }
    if (!CHALLENGE.matcher(challenge).matches()) {
      throw redirect(
          "invalid_request",
          "code_challenge must be 43 characters of base64url (SHA-256 of the verifier)",
          redirectUri,
          state);
    }
    String scope = single(params, "scope", redirectUri, state);
    List<String> scopes = scopes(scope, client, redirectUri, state);
    return new AuthRequest(client, redirectUri, scopes, state, challenge);
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw Refused.page("invalid_request", name + " must not repeat.");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static String single(
      Map<String, List<String>> params, String name, String redirectUri, String state) {
    List<String> values = params.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw redirect("invalid_request", name + " must not repeat", redirectUri, state);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static Refused redirect(
      String error, String description, String redirectUri, String state) {
    return new Refused(error, description, redirectUri, state);
  }

  /**
   * Space- or comma-separated scope names; {@code basic} added; unknown ones refused, {@code
   * developer} only for keyport-desktop.
   */
  private static List<String> scopes(
      String scope, Client client, String redirectUri, String state) {
    Set<String> names = new LinkedHashSet<>();
    if (scope != null) {
      for (String name : scope.split("[ ,]+")) {
        if (name.isEmpty()) {
          continue;
        }
        boolean known =
            Scopes.isGrantable(name) || client.firstParty() && name.equals(Scopes.DEVELOPER);
        if (!known) {
          throw redirect(
              "invalid_scope", "unknown scope '" + printable(name) + "'", redirectUri, state);
        }
        names.add(name);
      }
    }
    List<String> out = new ArrayList<>(Scopes.normalize(names));
    if (out.remove(Scopes.DEVELOPER)) {
      out.add(Scopes.DEVELOPER);
    }
    return List.copyOf(out);
  }

  private static String printable(String s) {
    String cleaned =
        s.codePoints()
            .filter(cp -> cp >= 0x20 && cp != 0x7f && !Character.isISOControl(cp))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
  }

  /** The client with this id: an app, or the first-party keyport-desktop. */
  Optional<Client> client(String clientId) {
    if (clientId.equals(Scopes.DESKTOP_CLIENT_ID)) {
      return Optional.of(
          new Client(
              Scopes.DESKTOP_CLIENT_ID,
              null,
              Tokens.DESKTOP_APP_NAME,
              accounts.publicUrl(),
              "Keyport",
              DESKTOP_CALLBACKS));
    }
    return apps.byClientId(clientId).map(this::client);
  }

  private Client client(AppRow app) {
    String developer = accounts.byIdIfAny(app.ownerId()).map(Account::username).orElse("(unknown)");
    return new Client(
        app.clientId(), app.id(), app.name(), app.website(), developer, app.callbackUrls());
  }

  /**
   * Exact string match with a registered callback URL, except that for an http loopback URL the
   * port may differ (RFC 8252 §7.3): scheme, host, path and query still match exactly.
   */
  public static boolean redirectMatches(String registered, String requested) {
    return Rules.redirectMatches(registered, requested);
  }

  // ---------------------------------------------------------------- sessions

  /** A signed-in browser: the account, and the CSRF token its forms carry. */
  public record Session(Account account, String csrf) {
    @Override
    public String toString() {
      return "Session[account=" + account.id() + "]";
    }
  }

  /**
   * Signs in with a password through {@link Accounts#signIn} (the password grant's throttle: a
   * throttled sign-in throws {@code rate-limited}); on success a new session whose id is the
   * cookie's value, else empty.
   */
  public Optional<Secret> signIn(String username, Secret password, String address) {
    Optional<Account> account = accounts.signIn(username, password, address);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    Secret id = Secret.of(TokenFormat.randomBase62(43));
    Instant now = clock.instant();
    sessions.insert(Hashing.sha256Hex(id), account.get().id(), now, now.plus(SESSION_LIFETIME));
    return Optional.of(id);
  }

  /** The live session whose cookie this is, or empty. */
  public Optional<Session> session(String cookie) {
    if (cookie == null || cookie.length() != 43) {
      return Optional.empty();
    }
    Secret id = Secret.of(cookie);
    String hash = Hashing.sha256Hex(id);
    Instant now = clock.instant();
    return liveSessions
        .get(hash, () -> sessions.live(hash, now))
        .filter(row -> now.isBefore(row.expiresAt()))
        .flatMap(row -> accounts.byIdIfAny(row.accountId()))
        .map(account -> new Session(account, csrfOf(id)));
  }

  /** Signs the browser out: its session is deleted and the cookie is worth nothing anywhere. */
  public void signOut(String cookie) {
    if (cookie != null && !cookie.isEmpty()) {
      sessions.delete(Hashing.sha256Hex(Secret.of(cookie)), clock.instant());
    }
  }

  /** The CSRF token of a session's forms: derived from its id, so nothing more is stored. */
  static String csrfOf(Secret sessionId) {
    return base64Sha256("csrf:" + sessionId.reveal()).substring(0, 32);
  }

  /** A constant-time comparison for CSRF tokens. */
  public static boolean same(String expected, String given) {
    return expected != null
        && given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- consent and codes

  /**
   * One line of the consent page: a requested scope, and whether this user already granted it to
   * the app.
   */
  public record ScopeLine(String name, String description, boolean sensitive, boolean granted) {}

  public List<ScopeLine> scopeLines(long accountId, AuthRequest request) {
    List<String> granted =
        consent(accountId, request.client().clientId()).map(ConsentRow::scopes).orElse(List.of());
    List<ScopeLine> out = new ArrayList<>();
    for (String name : request.scopes()) {
      Scope scope =
          Scopes.GRANTABLE.stream()
              .filter(s -> s.name().equals(name))
              .findFirst()
              .orElse(new Scope(name, DEVELOPER_DESCRIPTION, true));
      out.add(new ScopeLine(name, scope.description(), scope.sensitive(), granted.contains(name)));
    }
    return out;
  }

  /**
   * True when this user already allowed the app every requested scope ({@code /oauth/authenticate}
   * skips the page).
   */
  public boolean consentCovers(long accountId, AuthRequest request) {
    return consent(accountId, request.client().clientId())
        .map(c -> c.scopes().containsAll(request.scopes()))
        .orElse(false);
  }

  private Optional<ConsentRow> consent(long accountId, String clientId) {
    return consented.get(
        new ConsentKey(accountId, clientId), () -> consents.find(accountId, clientId));
  }

  /**
   * The user allowed the request: the consent is remembered (widened to these scopes) and a code is
   * issued, bound to the client, redirect URI, user, scopes and challenge, for 60 seconds.
   */
  public Secret allow(long accountId, AuthRequest request) {
    Instant now = clock.instant();
    Set<String> granted =
        new LinkedHashSet<>(
            consents
                .find(accountId, request.client().clientId())
                .map(ConsentRow::scopes)
                .orElse(List.of()));
    granted.addAll(request.scopes());
    consents.remember(accountId, request.client().clientId(), List.copyOf(granted), now);
    return issueCode(accountId, request, now);
  }

  /** A code for an already-consented request ({@code /oauth/authenticate} without the page). */
  public Secret issueCode(long accountId, AuthRequest request) {
    Instant now = clock.instant();
    consents.remember(
        accountId,
        request.client().clientId(),
        consents
            .find(accountId, request.client().clientId())
            .map(ConsentRow::scopes)
            .orElse(request.scopes()),
        now);
    return issueCode(accountId, request, now);
  }

  private Secret issueCode(long accountId, AuthRequest request, Instant now) {
    Secret code = TokenFormat.newCode();
    codes.insert(
        Hashing.codeKey(code),
        new CodeRow(
            accountId,
            request.client().appId(),
            request.client().clientId(),
            request.redirectUri(),
            request.scopes(),
            request.challenge(),
            now,
            now.plus(CODE_LIFETIME)));
    if (ThreadLocalRandom.current().nextInt(100) == 0) { // now and then, not on every issue
      codes.sweep(
          now.minus(Duration.ofDays(1))); // kept a day past expiry, so a late reuse still revokes
    }
    return code;
  }

  /**
   * A grant refused with RFC 6749's {@code invalid_grant}; the description never holds a secret.
   */
  public static final class InvalidGrant extends RuntimeException {
    InvalidGrant(String description) {
      super(description, null, false, false);
    }
  }

  /**
   * {@code grant_type=authorization_code} for an authenticated {@code clientId}: redeems the code
   * once; a second redemption is refused and revokes the token the first one issued.
   */
  public AccessToken redeem(String clientId, Secret code, String redirectUri, Secret verifier) {
    Instant now = clock.instant();
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    Redeemed outcome =
        codes.redeem(
            Hashing.codeKey(code),
            now,
            row -> {
              if (!now.isBefore(row.expiresAt())) {
                return "the code has expired (codes live 60 seconds)";
              }
              if (!row.clientId().equals(clientId)) {
                return "the code was issued to another client";
              }
              if (!row.redirectUri().equals(redirectUri)) {
                return "redirect_uri differs from the one of the authorization request";
              }
              if (!VERIFIER.matcher(verifier.reveal()).matches()
                  || !same(row.challenge(), base64Sha256(verifier.reveal()))) {
                return "code_verifier does not match the code_challenge";
              }
              return null;
            },
            new CodeStore.NewToken(Hashing.tokenKey(token), token.last4()),
            MAX_LIVE_WEB_TOKENS);
    if (outcome instanceof Redeemed.Issued issued) {
      CodeRow row = issued.code();
      CodeStore.Parties named = issued.parties();
      return tokens.issuedUserToken(
          token,
          issued.tokenId(),
          new Account(row.accountId(), named.username(), named.name()),
          row.appId() == null
              ? null
              : new Token.TokenApp(row.clientId(), named.appName(), named.appWebsite()),
          row.scopes(),
          now);
    }
    if (outcome instanceof Redeemed.Refused refused) {
      throw new InvalidGrant(refused.reason());
    }
    if (outcome instanceof Redeemed.Reused) {
      throw new InvalidGrant("the code was already used; the token issued for it is revoked");
    }
    throw new InvalidGrant("unknown code");
  }

  // ---------------------------------------------------------------- authorized apps

  /** The apps this user authorized by web sign-in, most recently authorized first. */
  public List<Authorization> authorizations(long accountId) {
    List<Authorization> out = new ArrayList<>();
    for (ConsentRow consent : consents.ofAccount(accountId)) {
      Optional<Client> client = client(consent.clientId());
      if (client.isEmpty()) {
        continue; // the app was deleted
      }
      Client c = client.get();
      out.add(
          new Authorization(
              new Authorization.AuthorizedApp(c.clientId(), c.name(), c.website(), c.developer()),
              consent.scopes(),
              consent.firstAt(),
              consent.lastAt(),
              null));
    }
    return out;
  }

  /**
   * Revokes every token this user gave the app and forgets the consent; 404 if there was nothing.
   */
  public void forget(long accountId, String clientId) {
    if (clientId == null
        || clientId.length() > 32
        || !consents.forget(accountId, clientId, clock.instant())) {
      throw new ApiFailure(ErrorSlug.NOT_FOUND, "authorization not found");
    }
  }

  // ---------------------------------------------------------------- helpers

  static String base64Sha256(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
