package io.keyport.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The {@code tokens} table. Only the SHA-256 of a token is ever stored or looked up. */
public final class TokenStore {
  private static final String INSERT =
      "insert into tokens (token_hash, kind, account_id, app_id, client_id,"
          + " scopes, last4, created_at, expires_at, secret_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Where {@code app_id} is among INSERT's parameters. */
  private static final int APP_ID = 3;

  private final Jdbc jdbc;
  // Every grant inserts a token: concurrent grants share commits rather than queue for one each.
  private final GroupInsert inserts;

  public TokenStore(Jdbc jdbc) {
    this.jdbc = jdbc;
    this.inserts = new GroupInsert(jdbc, INSERT, this::appsStillThere);
  }

  /**
   * A token row; {@code appId} null means the first-party desktop client. {@code secretEndsAt}: for
   * an app token, when the client secret that minted it stops (null while it has no end; its
   * creation time when the secret is gone), as read with {@link #byHash} and {@link #byId} (null
   * from the other lookups, which are of user tokens).
   */
  public record TokenRow(
      long id,
      String kind,
      Long accountId,
      Long appId,
      String clientId,
      List<String> scopes,
      String last4,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt,
      Instant secretEndsAt) {}

  private static final String COLUMNS =
      "id, kind, account_id, app_id, client_id, scopes, last4, created_at,"
          + " expires_at, revoked_at, last_used_at";

  /** The columns with the end of an app token's client secret (a secret that is gone ends it). */
  private static final String WITH_SECRET =
      "select t."
          + COLUMNS.replace(", ", ", t.")
          + ", case when t.secret_id is not null and s.id is null then t.created_at else s.expires_at end"
          + " as secret_ends_at from tokens t left join client_secrets s on s.id = t.secret_id";

  /**
   * The token kept under either key: its {@code Hashing.tokenKey}, or its whole SHA-256 if it was
   * made before keys had that form (one token has one row, under one of them).
   */
  public Optional<TokenRow> byHash(String tokenKey, String legacyHash) {
    return jdbc.one(
        WITH_SECRET + " where t.token_hash in (?, ?)",
        TokenStore::rowWithSecret,
        tokenKey,
        legacyHash);
  }

  public Optional<TokenRow> byId(long id) {
    return jdbc.one(WITH_SECRET + " where t.id = ?", TokenStore::rowWithSecret, id);
  }

  /**
   * Inserts a token and returns its id; empty, with nothing inserted, when {@code appId} names an
   * app that no longer exists. The app's row is locked in the inserting transaction, so a token is
   * either committed before the app's deletion revokes its tokens, or refused: none outlives it.
   * {@code secretId}: for an app token, the client secret that minted it (null otherwise).
   */
  public OptionalLong insert(
      String tokenHash,
      String kind,
      Long accountId,
      Long appId,
      String clientId,
      List<String> scopes,
      String last4,
      Instant createdAt,
      Instant expiresAt,
      Long secretId) {
    try {
      return OptionalLong.of(
          inserts.insert(
              tokenHash,
              kind,
              accountId,
              appId,
              clientId,
              String.join(",", scopes),
              last4,
              createdAt,
              expiresAt,
              secretId));
    } catch (GroupInsert.Refused appGone) {
      return OptionalLong.empty();
    }
  }

  /**
   * The group's guard: locks the apps its rows name (in id order) and refuses rows whose app is
   * gone.
   */
  private boolean[] appsStillThere(Connection c, List<Object[]> rows) throws SQLException {
    Set<Long> named = new TreeSet<>();
    for (Object[] row : rows) {
      if (row[APP_ID] != null) {
        named.add((Long) row[APP_ID]);
      }
    }
    if (named.isEmpty()) {
      return null;
    }
    String marks = String.join(", ", Collections.nCopies(named.size(), "?"));
    Set<Long> present =
        new HashSet<>(
            Jdbc.list(
                c,
                "select id from apps where id in ("
                    + marks
                    + ") order by id "
                    + jdbc.keyShareLock(),
                rs -> rs.getLong("id"),
                named.toArray()));
    boolean[] admitted = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      admitted[i] = rows.get(i)[APP_ID] == null || present.contains((Long) rows.get(i)[APP_ID]);
    }
    return admitted;
  }

  /** Revokes the account's live tokens of the first-party desktop client; returns how many. */
  public int revokeDesktopSessions(long accountId, Instant now) {
    return jdbc.update(
        "update tokens set revoked_at = ? where account_id = ? and app_id is null"
            + " and revoked_at is null",
        now,
        accountId);
  }

  /** Revokes one token; false if it was already revoked. */
  public boolean revoke(long tokenId, Instant now) {
    return jdbc.update(
            "update tokens set revoked_at = ? where id = ? and revoked_at is null", now, tokenId)
        == 1;
  }

  /**
   * The account's live own user token for the app, if any ("generate a user token for yourself").
   */
  public Optional<TokenRow> liveOwn(long accountId, long appId) {
    return jdbc.one(
        "select "
            + COLUMNS
            + " from tokens where account_id = ? and app_id = ? and kind = 'user'"
            + " and flow is null and revoked_at is null order by id desc",
        TokenStore::row,
        accountId,
        appId);
  }

  /**
   * Issues the account's own user token for the app, revoking its previous ones, in one
   * transaction: at most one live own token per account and app. Empty, with nothing inserted, when
   * the app no longer exists (its deletion holds or held the row's lock).
   */
  public OptionalLong replaceOwn(
      String tokenHash,
      long accountId,
      long appId,
      String clientId,
      List<String> scopes,
      String last4,
      Instant now,
      Instant expiresAt) {
    return jdbc.inTransaction(
        c -> {
          // Lock the app row so two concurrent generations for one app queue up, and a deletion
          // with them.
          if (Jdbc.list(
                  c, "select id from apps where id = ? for update", rs -> rs.getLong("id"), appId)
              .isEmpty()) {
            return OptionalLong.empty();
          }
          // Tokens of the web sign-in flow (flow 'web') are the app's, not the user's own: they
          // stay.
          Jdbc.update(
              c,
              "update tokens set revoked_at = ? where account_id = ? and app_id = ? and kind = 'user'"
                  + " and flow is null and revoked_at is null",
              now,
              accountId,
              appId);
          return OptionalLong.of(
              Jdbc.insert(
                  c,
                  "insert into tokens (token_hash, kind, account_id, app_id, client_id,"
                      + " scopes, last4, created_at, expires_at) values (?, 'user', ?, ?, ?, ?, ?, ?, ?)",
                  tokenHash,
                  accountId,
                  appId,
                  clientId,
                  String.join(",", scopes),
                  last4,
                  now,
                  expiresAt));
        });
  }

  /** The app's live user tokens, newest first (expired ones left out at {@code now}). */
  public List<TokenRow> liveUserTokensOfApp(long appId, Instant now) {
    return jdbc.list(
        "select "
            + COLUMNS
            + " from tokens where app_id = ? and kind = 'user'"
            + " and revoked_at is null and (expires_at is null or expires_at > ?) order by id desc",
        TokenStore::row,
        appId,
        now);
  }

  /** The ids of the accounts holding a live user token of the app, ascending. */
  public List<Long> userIdsOfApp(long appId, Instant now) {
    return jdbc.list(
        "select distinct account_id from tokens where app_id = ? and kind = 'user'"
            + " and revoked_at is null and (expires_at is null or expires_at > ?) order by account_id",
        rs -> rs.getLong("account_id"),
        appId,
        now);
  }

  static TokenRow rowWithSecret(ResultSet rs) throws SQLException {
    TokenRow r = row(rs);
    return new TokenRow(
        r.id(),
        r.kind(),
        r.accountId(),
        r.appId(),
        r.clientId(),
        r.scopes(),
        r.last4(),
        r.createdAt(),
        r.expiresAt(),
        r.revokedAt(),
        r.lastUsedAt(),
        Jdbc.instant(rs, "secret_ends_at"));
  }

  static TokenRow row(ResultSet rs) throws SQLException {
    long appId = rs.getLong("app_id");
    Long app = rs.wasNull() ? null : appId;
    long accountId = rs.getLong("account_id");
    Long account = rs.wasNull() ? null : accountId;
    String scopes = rs.getString("scopes");
    return new TokenRow(
        rs.getLong("id"),
        rs.getString("kind"),
        account,
        app,
        rs.getString("client_id"),
        scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(",")),
        rs.getString("last4"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "expires_at"),
        Jdbc.instant(rs, "revoked_at"),
        Jdbc.instant(rs, "last_used_at"),
        null);
  }
}
