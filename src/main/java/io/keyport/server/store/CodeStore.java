package io.keyport.server.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code auth_codes} table and the tokens the authorization-code flow issues from it (tokens
 * with {@code flow = 'web'}). A code is never kept, only its key ({@code Hashing.codeKey}: the time
 * it was made and its SHA-256), in the {@code code_hash} column.
 */
public final class CodeStore {
  private final Jdbc jdbc;
  private final GroupCommit<Redemption, Redeemed> redemptions = new GroupCommit<>(this::redeemAll);

  /**
   * Codes come and go by the thousand a second: planned by statistics from when the table was
   * nearly empty, locking a group's codes read the whole {@code auth_codes} table.
   */
  private final FreshStatistics codeStatistics;

  /**
   * Each redemption issues a token. Counted against {@code tokens}' own size, not with the codes:
   * expired codes are deleted, so {@code auth_codes} stays small and analysing both tables at its
   * pace analysed every token ever issued after every few hundred codes (46 times in one bench row,
   * 0.64 s each; 8 times at its own pace).
   */
  private final FreshStatistics tokenStatistics;

  public CodeStore(Jdbc jdbc) {
    this.jdbc = jdbc;
    this.codeStatistics = new FreshStatistics(jdbc, "auth_codes");
    this.tokenStatistics = new FreshStatistics(jdbc, "tokens");
  }

  /** An authorization code as issued: what it is bound to. {@code appId} null: keyport-desktop. */
  public record CodeRow(
      long accountId,
      Long appId,
      String clientId,
      String redirectUri,
      List<String> scopes,
      String challenge,
      Instant createdAt,
      Instant expiresAt) {}

  public void insert(String codeHash, CodeRow code) {
    jdbc.insertRow(
        "insert into auth_codes (code_hash, account_id, app_id, client_id, redirect_uri, scopes,"
            + " challenge, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        codeHash,
        code.accountId(),
        code.appId(),
        code.clientId(),
        code.redirectUri(),
        String.join(",", code.scopes()),
        code.challenge(),
        code.createdAt(),
        code.expiresAt());
    codeStatistics.inserted(1);
  }

  /** A token to issue when the code is good: its hash and last four characters. */
  public record NewToken(String tokenHash, String last4) {}

  /** What redeeming a code came to. */
  public sealed interface Redeemed {
    /** No such code (or it was swept after expiring). */
    record Unknown() implements Redeemed {}

    /** Redeemed before: refused, and what the first redemption issued is now revoked. */
    record Reused() implements Redeemed {}

    /** The code is used up now, but {@code check} refused this redemption for {@code reason}. */
    record Refused(String reason) implements Redeemed {}

    /**
     * A token was issued: its id, what the code was bound to, and whom it names as read in the same
     * transaction (so that the answer needs no lookup of them).
     */
    record Issued(long tokenId, CodeRow code, Parties parties) implements Redeemed {}
  }

  /**
   * The user a token was issued to and its app as they were at issue: {@code appName} and {@code
   * appWebsite} null when the token has no app or the app is gone.
   */
  public record Parties(String username, String name, String appName, String appWebsite) {}

  private record Named(String first, String second) {}

  /** Names of rows by id: {@code sql} selects id and two columns, filtered by {@code = any(?)}. */
  private static Map<Long, Named> named(Connection c, String sql, List<Long> ids)
      throws SQLException {
    Map<Long, Named> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Object[] row :
        Jdbc.list(
            c,
            sql,
            rs -> new Object[] {rs.getLong(1), new Named(rs.getString(2), rs.getString(3))},
            c.createArrayOf("bigint", ids.stream().distinct().toArray()))) {
      out.put((Long) row[0], (Named) row[1]);
    }
    return out;
  }

  /**
   * Redeems a code: the first redemption marks it used whatever comes of it; {@code check} (no
   * database work) says why this redemption is refused, or null; if it is not, a {@code web} token
   * is issued for the code's user, client and scopes, the user's oldest live {@code web} tokens of
   * that client beyond {@code maxLive} are revoked, and the code remembers the token. A later
   * redemption revokes that token.
   *
   * <p>Redemptions made at once share a transaction ({@link GroupCommit}), done in their order as
   * if one after the other: a code redeemed twice in one group issues once and the second use
   * revokes it; the limit is enforced once per user and client after the group's tokens are in. It
   * returns once its group is committed (and on H2 synced).
   */
  public Redeemed redeem(
      String codeHash, Instant now, Function<CodeRow, String> check, NewToken token, int maxLive) {
    Redeemed redeemed = redemptions.run(new Redemption(codeHash, now, check, token, maxLive));
    if (redeemed instanceof Redeemed.Issued) {
      tokenStatistics.inserted(1);
    }
    return redeemed;
  }

  private record Redemption(
      String codeHash, Instant now, Function<CodeRow, String> check, NewToken token, int maxLive) {}

  /** A code as found (locked) in the database, and what this group did to it so far. */
  private static final class Found {
    final CodeRow code;
    Instant usedAt;
    Long tokenId;

    /** The redemption of this group that issues the code's token (its id is not known yet). */
    int issuedBy = -1;

    /** The code's app as it is now: null when the code has none or the app is gone. */
    final Named app;

    Found(CodeRow code, Instant usedAt, Long tokenId, Named app) {
      this.code = code;
      this.usedAt = usedAt;
      this.tokenId = tokenId;
      this.app = app;
    }
  }

  /**
   * The group's codes, locked, with their apps' names (not locked): read with the codes rather than
   * by a statement of their own, since every statement inside the group's lock is a round trip that
   * the next group waits for.
   */
  private static final String LOCK_CODES =
      "select code_hash, account_id, app_id, client_id, redirect_uri, scopes, challenge,"
          + " created_at, expires_at, used_at, token_id,"
          + " (select a.name from apps a where a.id = c.app_id) as app_name,"
          + " (select a.website from apps a where a.id = c.app_id) as app_website"
          + " from auth_codes c where code_hash = any(?) order by code_hash for update";

  private static final String INSERT_TOKEN =
      "insert into tokens (token_hash, kind, account_id, app_id, client_id, scopes, last4,"
          + " created_at, expires_at, flow, revoked_at)"
          + " values (?, 'user', ?, ?, ?, ?, ?, ?, null, 'web', ?)";

  private static final String MARK_USED =
      "update auth_codes set used_at = ?, token_id = ? where code_hash = ?";

  private static final String REVOKE =
      "update tokens set revoked_at = ? where id = any(?) and revoked_at is null";

  /**
   * Revokes a user's live web tokens of a client but the newest {@code n}: one statement, where
   * selecting them and then revoking them was two round trips inside the group's lock. The ids go
   * through an array, so that each is looked up by the primary key: written {@code id in (select
   * …)}, PostgreSQL joined the subquery to the table, and when its statistics guessed the subquery
   * large (many live app tokens, a user's many revoked web tokens) it read the whole table for it.
   */
  private static final String REVOKE_BEYOND_LIMIT =
      "update tokens set revoked_at = ? where id = any(array(select id from tokens"
          + " where account_id = ? and client_id = ? and flow = 'web' and revoked_at is null"
          + " order by id desc offset ? rows))";

  private List<Redeemed> redeemAll(List<Redemption> group) {
    // It writes codes (never remembered) and tokens only.
    return jdbc.inTransaction(
        WriteNotices.Scope.TOKENS,
        c -> {
          // Locked in the order of their hashes: two instances' groups never wait on each other
          // in a circle.
          Map<String, Found> found = new HashMap<>();
          Array hashes =
              c.createArrayOf(
                  "varchar", group.stream().map(Redemption::codeHash).distinct().toArray());
          for (Object[] row :
              Jdbc.list(
                  c,
                  LOCK_CODES,
                  rs ->
                      new Object[] {
                        rs.getString("code_hash"),
                        new Found(
                            row(rs),
                            Jdbc.instant(rs, "used_at"),
                            nullableLong(rs, "token_id"),
                            app(rs))
                      },
                  hashes)) {
            found.put((String) row[0], (Found) row[1]);
          }
          Redeemed[] out = new Redeemed[group.size()];
          Instant last = group.get(0).now();
          List<Object[]> used = new ArrayList<>();
          List<Object[]> issued = new ArrayList<>();
          List<Integer> issuers = new ArrayList<>();
          List<Long> reusedTokens = new ArrayList<>();
          List<Integer> reusedIssuers = new ArrayList<>();
          for (int i = 0; i < group.size(); i++) {
            Redemption r = group.get(i);
            last = r.now().isAfter(last) ? r.now() : last;
            Found f = found.get(r.codeHash());
            if (f == null) {
              out[i] = new Redeemed.Unknown();
            } else if (f.usedAt != null) {
              if (f.tokenId != null) {
                reusedTokens.add(f.tokenId);
              } else if (f.issuedBy >= 0) {
                reusedIssuers.add(f.issuedBy);
              }
              out[i] = new Redeemed.Reused();
            } else {
              f.usedAt = r.now();
              String refused = r.check().apply(f.code);
              if (refused != null) {
                used.add(new Object[] {r.now(), null, r.codeHash()});
                out[i] = new Redeemed.Refused(refused);
              } else {
                f.issuedBy = i;
                issuers.add(i);
                CodeRow code = f.code;
                issued.add(
                    new Object[] {
                      r.token().tokenHash(),
                      code.accountId(),
                      code.appId(),
                      code.clientId(),
                      String.join(",", code.scopes()),
                      r.token().last4(),
                      r.now(),
                      null // revoked_at: set below if the group's own later tokens supersede it
                    });
              }
            }
          }
          List<Long> accountIds = new ArrayList<>();
          for (int issuer : issuers) {
            accountIds.add(found.get(group.get(issuer).codeHash()).code.accountId());
          }
          // The users who get a token, locked (in the order of their ids) until the commit: the
          // limit's count below then sees every other instance's committed tokens, and no other
          // group counts theirs at the same time. Inserting a token (its key-share lock on the
          // user) does not wait for this lock.
          Map<Long, Named> users =
              named(
                  c,
                  "select id, username, name from accounts where id = any(?) order by id "
                      + jdbc.writerLock(),
                  accountIds);
          // The user and client each issued token counts against, in the order of issued.
          List<List<Object>> limitKeys = new ArrayList<>(issuers.size());
          for (int issuer : issuers) {
            CodeRow code = found.get(group.get(issuer).codeHash()).code;
            limitKeys.add(List.of(code.accountId(), code.clientId()));
          }
          Map<List<Object>, Integer> limits = new LinkedHashMap<>();
          for (int k = 0; k < issuers.size(); k++) {
            limits.put(limitKeys.get(k), group.get(issuers.get(k)).maxLive());
          }
          writeSupersededRevoked(limitKeys, limits, issued, last);
          long[] ids = Jdbc.insertBatch(c, INSERT_TOKEN, issued);
          Map<Integer, Long> idOf = new HashMap<>();
          for (int k = 0; k < ids.length; k++) {
            Redemption r = group.get(issuers.get(k));
            Found f = found.get(r.codeHash());
            CodeRow code = f.code;
            idOf.put(issuers.get(k), ids[k]);
            used.add(new Object[] {r.now(), ids[k], r.codeHash()});
            Named user = users.get(code.accountId());
            Named app = f.app;
            out[issuers.get(k)] =
                new Redeemed.Issued(
                    ids[k],
                    code,
                    new Parties(
                        user.first(),
                        user.second(),
                        app == null ? null : app.first(),
                        app == null ? null : app.second()));
          }
          // The group's codes marked used in one batch, each that issued given its token.
          Jdbc.updateBatch(c, MARK_USED, used);
          for (int issuer : reusedIssuers) {
            reusedTokens.add(idOf.get(issuer));
          }
          revoke(c, reusedTokens, last);
          // The limit, once per user and client that got a token in this group.
          for (Map.Entry<List<Object>, Integer> limit : limits.entrySet()) {
            Jdbc.update(
                c,
                REVOKE_BEYOND_LIMIT,
                last,
                limit.getKey().get(0),
                limit.getKey().get(1),
                limit.getValue());
          }
          return Arrays.asList(out);
        });
  }

  /**
   * A token that the limit would revoke in the same group, because the group issues more than the
   * limit's number of newer ones to its user and client, is inserted revoked. In a burst of one
   * user's sign-ins most of a group's tokens are such: inserted live and then revoked, each row and
   * its index entries were written twice, inside the group's lock.
   */
  private static void writeSupersededRevoked(
      List<List<Object>> limitKeys,
      Map<List<Object>, Integer> limits,
      List<Object[]> issued,
      Instant now) {
    Map<List<Object>, Integer> newer = new HashMap<>();
    for (List<Object> key : limitKeys) {
      newer.merge(key, 1, Integer::sum);
    }
    for (int k = 0; k < limitKeys.size(); k++) {
      List<Object> key = limitKeys.get(k);
      int newerThanThis = newer.merge(key, -1, Integer::sum);
      if (newerThanThis >= limits.get(key)) {
        issued.get(k)[issued.get(k).length - 1] = now;
      }
    }
  }

  /** Revokes the tokens with these ids that are still live. */
  private static void revoke(Connection c, List<Long> ids, Instant now) throws SQLException {
    if (!ids.isEmpty()) {
      Jdbc.update(c, REVOKE, now, c.createArrayOf("bigint", ids.toArray()));
    }
  }

  /**
   * Deletes codes that expired before {@code before}: they can no longer be redeemed nor reused.
   */
  public int sweep(Instant before) {
    return jdbc.update("delete from auth_codes where expires_at < ?", before);
  }

  private static Named app(ResultSet rs) throws SQLException {
    String name = rs.getString("app_name");
    return name == null ? null : new Named(name, rs.getString("app_website"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static CodeRow row(ResultSet rs) throws SQLException {
    return new CodeRow(
        rs.getLong("account_id"),
        nullableLong(rs, "app_id"),
        rs.getString("client_id"),
        rs.getString("redirect_uri"),
        Arrays.asList(rs.getString("scopes").split(",")),
        rs.getString("challenge"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "expires_at"));
  }
}
