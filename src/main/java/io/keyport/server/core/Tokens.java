package io.keyport.server.core;

import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Introspection;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import io.keyport.api.TokenFormat;
import io.keyport.server.crypto.Hashing;
import io.keyport.server.store.TokenStore;
import io.keyport.server.store.TokenStore.TokenRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issuing tokens, recognising them, and showing what they are. Only SHA-256 of a token is stored.
 */
public final class Tokens {
  /** How the first-party desktop client shows as a token's app. */
  public static final String DESKTOP_APP_NAME = "Keyport Desktop";

  static final int MAX_EXPIRES_IN_DAYS = 365;

  /**
   * How long an app token (client credentials) lives, at most: it also stops with its client
   * secret.
   */
  public static final Duration APP_TOKEN_LIFETIME = Duration.ofHours(24);

  private final TokenStore store;
  private final Accounts accounts;
  private final Apps apps;
  private final Clock clock;
  private final TokenCache cache;
  private final LastUsed lastUsed;

  /**
   * {@code cache}: lookups remembered between requests (see {@link TokenCache} for when they are
   * forgotten); {@code lastUsed}: where each use of a token is noted.
   */
  public Tokens(
      TokenStore store,
      Accounts accounts,
      Apps apps,
      Clock clock,
      TokenCache cache,
      LastUsed lastUsed) {
    this.store = store;
    this.accounts = accounts;
    this.apps = apps;
    this.clock = clock;
    this.cache = cache;
    this.lastUsed = lastUsed;
  }

  /**
   * A fresh {@code basic,developer} token of the first-party desktop client for the account; the
   * account's earlier desktop sessions stop working (the embedded server's passwordless sign-in).
   */
  public Secret mintDesktopSession(Account account) {
    Instant now = clock.instant();
    store.revokeDesktopSessions(account.id(), now);
    return insertDesktopToken(account, now);
  }

  /** The password grant's token: {@code basic,developer} of the first-party desktop client. */
  public AccessToken passwordGrant(Account account) {
    Instant now = clock.instant();
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    long id = insertDesktopToken(token, account, now);
    // Described from what was inserted, not looked up again: a concurrent sign-in must not matter.
    return issuedUserToken(
        token, id, account.id(), null, Scopes.DESKTOP_CLIENT_ID, DESKTOP_SCOPES, now);
  }

  private static final List<String> DESKTOP_SCOPES = List.of(Scopes.BASIC, Scopes.DEVELOPER);

  private Secret insertDesktopToken(Account account, Instant now) {
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    insertDesktopToken(token, account, now);
    return token;
  }

  private long insertDesktopToken(Secret token, Account account, Instant now) {
    return store
        .insert(
            Hashing.tokenKey(token),
            "user",
            account.id(),
            null,
            Scopes.DESKTOP_CLIENT_ID,
            DESKTOP_SCOPES,
            token.last4(),
            now,
            null,
            null)
        .orElseThrow(); // no app: never refused
  }

  /**
   * The client-credentials grant's app token: no user, no scopes; it acts as the app. It lives
   * {@link #APP_TOKEN_LIFETIME} and stops earlier if the client secret that authenticated the
   * client ({@link ClientApp#secretId()}) stops: the token is bound to it. Described from what was
   * just inserted and the client row authentication read: no query at all. Empty when the app was
   * deleted since it was authenticated: no token is issued then.
   */
  public Optional<AccessToken> appToken(ClientApp client) {
    Secret token = TokenFormat.generate(TokenFormat.Kind.APP);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(APP_TOKEN_LIFETIME);
    if (store
        .insert(
            Hashing.tokenKey(token),
            "app",
            null,
            client.id(),
            client.clientId(),
            List.of(),
            token.last4(),
            now,
            expiresAt,
            client.secretId())
        .isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        AccessToken.bearer(
            token,
            new Token(
                new Token.TokenApp(client.clientId(), client.name(), client.website()),
                List.of(),
                null,
                now,
                earlier(expiresAt, client.secretExpiresAt()),
                token.last4(),
                null)));
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /**
   * "Generate a user token for yourself": the caller's own token for their app, with the requested
   * scopes ({@code basic} always; {@code developer} never), replacing the previous one.
   */
  public AccessToken generateOwn(
      long accountId, App app, List<String> requestedScopes, Integer expiresInDays) {
    long appId = Long.parseLong(app.id());
    List<String> scopes = grantable(requestedScopes);
    Instant now = clock.instant();
    Instant expiresAt = null;
    if (expiresInDays != null) {
      if (expiresInDays < 1 || expiresInDays > MAX_EXPIRES_IN_DAYS) {
        throw ApiFailure.invalid(
            "expires_in_days", "must be a whole number from 1 to " + MAX_EXPIRES_IN_DAYS);
      }
      expiresAt = now.plus(Duration.ofDays(expiresInDays));
    }
    Secret token = TokenFormat.generate(TokenFormat.Kind.USER);
    long id =
        store
            .replaceOwn(
                Hashing.tokenKey(token),
                accountId,
                appId,
                app.clientId(),
                scopes,
                token.last4(),
                now,
                expiresAt)
            .orElseThrow(Apps::notFound); // deleted meanwhile
    // Described from what was inserted: a racing generation may already have replaced it, and
    // this answer must still describe the token it hands over.
    return AccessToken.bearer(
        token,
        describe(
            new TokenRow(
                id,
                "user",
                accountId,
                appId,
                app.clientId(),
                scopes,
                token.last4(),
                now,
                expiresAt,
                null,
                null,
                null)));
  }

  /**
   * The answer of a grant that inserted {@code token} as row {@code id} at {@code now}, described
   * without a lookup of it.
   */
  public AccessToken issuedUserToken(
      Secret token,
      long id,
      long accountId,
      Long appId,
      String clientId,
      List<String> scopes,
      Instant now) {
    return AccessToken.bearer(
        token, describe(issuedUserRow(token, id, accountId, appId, clientId, scopes, now)));
  }

  /**
   * As {@link #issuedUserToken}, with its user and app as read when it was inserted: no lookup at
   * all. {@code app} null: the token has no app (keyport-desktop's); an app that is gone has a name
   * and website of null.
   */
  public AccessToken issuedUserToken(
      Secret token,
      long id,
      Account account,
      Token.TokenApp app,
      List<String> scopes,
      Instant now) {
    String clientId = app == null ? Scopes.DESKTOP_CLIENT_ID : app.clientId();
    return AccessToken.bearer(
        token,
        describe(
            issuedUserRow(token, id, account.id(), null, clientId, scopes, now), app, account));
  }

  /** The row a user-token grant has just inserted: live, never used, no expiry. */
  private static TokenRow issuedUserRow(
      Secret token,
      long id,
      long accountId,
      Long appId,
      String clientId,
      List<String> scopes,
      Instant now) {
    return new TokenRow(
        id, "user", accountId, appId, clientId, scopes, token.last4(), now, null, null, null, null);
  }

  /**
   * RFC 7662: what {@code token} is, if it was issued to {@code clientId} and is live; else empty
   * (unknown, malformed, revoked, expired or another client's: the client cannot tell which).
   */
  public Optional<Introspection> introspect(String clientId, Secret token) {
    return ownRow(clientId, token)
        .filter(row -> row.revokedAt() == null)
        .filter(row -> row.expiresAt() == null || clock.instant().isBefore(row.expiresAt()))
        .map(
            row ->
                new Introspection(
                    true,
                    String.join(" ", row.scopes()),
                    row.clientId(),
                    row.accountId() == null ? null : accounts.byId(row.accountId()).username(),
                    row.expiresAt() == null ? null : row.expiresAt().getEpochSecond(),
                    row.createdAt() == null ? null : row.createdAt().getEpochSecond(),
                    "bearer"));
  }

  /**
   * RFC 7009: revokes {@code token} if it was issued to {@code clientId}; anything else is quietly
   * ignored.
   */
  public void revokeForClient(String clientId, Secret token) {
    ownRow(clientId, token)
        .filter(row -> row.revokedAt() == null)
        .ifPresent(row -> store.revoke(row.id(), clock.instant()));
  }

  private Optional<TokenRow> ownRow(String clientId, Secret token) {
    TokenFormat.Kind kind = TokenFormat.kindOf(token.reveal());
    if (clientId == null || kind == null || kind == TokenFormat.Kind.CLIENT_SECRET) {
      return Optional.empty();
    }
    return row(token).filter(row -> clientId.equals(row.clientId()));
  }

  /**
   * The row of the token with this hash, remembered between requests ({@link TokenCache}, forgotten
   * on every write): a bearer request and an introspection (RFC 7662) look it up the same way.
   */
  private Optional<TokenRow> row(Secret token) {
    String hash = Hashing.sha256Hex(token);
    String key = Hashing.tokenKey(token, hash);
    TokenRow remembered = cache.row(key);
    if (remembered != null) {
      return Optional.of(remembered);
    }
    long seen = cache.generation();
    Optional<TokenRow> found = store.byHash(key, hash);
    found.ifPresent(r -> cache.remember(key, r, seen));
    return found;
  }

  /** The caller's own live token for the app, or null. */
  public Token own(long accountId, App app) {
    Optional<TokenRow> row =
        store
            .liveOwn(accountId, Long.parseLong(app.id()))
            .filter(t -> t.expiresAt() == null || clock.instant().isBefore(t.expiresAt()));
    return row.map(this::describe).orElse(null);
  }

  /**
   * Requested scopes made grantable: App.net's order, {@code basic} added; unknown or {@code
   * developer} refused.
   */
  static List<String> grantable(List<String> requested) {
    Set<String> names = new LinkedHashSet<>();
    if (requested != null) {
      for (int i = 0; i < requested.size(); i++) {
        String name = requested.get(i);
        if (name == null) {
          throw ApiFailure.invalid("scopes[" + i + "]", "must be a scope name, not null");
        }
        if (name.equals(Scopes.DEVELOPER)) {
          throw ApiFailure.invalid("scopes", "'developer' cannot be granted to a user token");
        }
        if (!Scopes.isGrantable(name)) {
          throw ApiFailure.invalid(
              "scopes", "unknown scope '" + shorten(name) + "'; see GET /stream/0/scopes");
        }
        names.add(name);
      }
    }
    return Scopes.normalize(names);
  }

  private static String shorten(String s) {
    String printable =
        s.codePoints()
            .filter(cp -> !Character.isISOControl(cp))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }

  /** The caller a bearer token stands for; a malformed token is refused before any lookup. */
  public Caller authenticate(Secret token) {
    TokenFormat.Kind kind = TokenFormat.kindOf(token.reveal());
    if (kind == null || kind == TokenFormat.Kind.CLIENT_SECRET) {
      throw new ApiFailure(ErrorSlug.INVALID_TOKEN, "The access token is malformed.");
    }
    TokenRow row =
        row(token)
            .orElseThrow(
                () -> new ApiFailure(ErrorSlug.INVALID_TOKEN, "The access token is not known."));
    if (row.revokedAt() != null) {
      throw new ApiFailure(ErrorSlug.NOT_AUTHORIZED, "The access token was revoked.");
    }
    if (row.secretEndsAt() != null && !clock.instant().isBefore(row.secretEndsAt())) {
      throw new ApiFailure(
          ErrorSlug.NOT_AUTHORIZED,
          "The client secret this app token was issued with has been rotated or retired.");
    }
    if (row.expiresAt() != null && !clock.instant().isBefore(row.expiresAt())) {
      throw new ApiFailure(ErrorSlug.TOKEN_EXPIRED, "The access token has expired.");
    }
    lastUsed.tokenUsed(row.id());
    return new Caller(
        row.id(), row.kind(), row.accountId(), row.appId(), row.clientId(), row.scopes());
  }

  /**
   * The Token object of the caller's own token. The remembered description is not forgotten when a
   * use is recorded: its {@code last_used_at} is brought up to what this server saw.
   */
  public Token describe(Caller caller) {
    Token token =
        cache.describe(
            caller.tokenId(),
            () ->
                describe(
                    new TokenRow(
                        caller.tokenId(),
                        caller.kind(),
                        caller.accountId(),
                        caller.appId(),
                        caller.clientId(),
                        caller.scopes(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
    Instant seen = later(token.lastUsedAt(), lastUsed.tokenLastSeen(caller.tokenId()));
    return seen == token.lastUsedAt() ? token : token.withLastUsedAt(seen);
  }

  /** Revokes the caller's token (DELETE /stream/0/token) and returns what it was. */
  public Token revoke(Caller caller) {
    Token token = describe(caller);
    store.revoke(caller.tokenId(), clock.instant());
    return token;
  }

  /** With an app token: the live user tokens issued to its app. */
  public List<Token> userTokensOfApp(Caller app) {
    List<Token> out = new ArrayList<>();
    for (TokenRow row : store.liveUserTokensOfApp(requireAppToken(app), clock.instant())) {
      out.add(describe(row));
    }
    return out;
  }

  /** With an app token: the ids of the users holding a live token of its app. */
  public List<String> userIdsOfApp(Caller app) {
    return store.userIdsOfApp(requireAppToken(app), clock.instant()).stream()
        .map(String::valueOf)
        .toList();
  }

  private static long requireAppToken(Caller caller) {
    if (caller.isUser() || caller.appId() == null) {
      throw new ApiFailure(
          ErrorSlug.INSUFFICIENT_SCOPE,
          "This endpoint needs an app token (grant_type=client_credentials), not a user token.");
    }
    return caller.appId();
  }

  private Token describe(TokenRow row) {
    TokenRow full = row.createdAt() == null ? store.byId(row.id()).orElse(row) : row;
    Token.TokenApp app =
        full.appId() == null
            ? null
            : apps.byId(full.appId())
                .map(a -> new Token.TokenApp(a.clientId(), a.name(), a.website()))
                .orElse(new Token.TokenApp(full.clientId(), null, null));
    return describe(full, app, full.accountId() == null ? null : accounts.byId(full.accountId()));
  }

  /** {@code app} null: the token has no app (keyport-desktop's). */
  private Token describe(TokenRow full, Token.TokenApp app, Account account) {
    return new Token(
        app == null
            ? new Token.TokenApp(Scopes.DESKTOP_CLIENT_ID, DESKTOP_APP_NAME, accounts.publicUrl())
            : app,
        full.scopes(),
        account == null ? null : accounts.toUser(account),
        full.createdAt(),
        earlier(full.expiresAt(), full.secretEndsAt()),
        full.last4(),
        later(full.lastUsedAt(), lastUsed.tokenLastSeen(full.id())));
  }
}
