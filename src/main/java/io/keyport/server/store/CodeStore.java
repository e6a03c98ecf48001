package io.keyport.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code auth_codes} table and the tokens the authorization-code flow issues from it (tokens
 * with {@code flow = 'web'}). Only the SHA-256 of a code is kept.
 */
public final class CodeStore {
  private final Jdbc jdbc;

  public CodeStore(Jdbc jdbc) {
    this.jdbc = jdbc;
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

    /** A token was issued: its id, what the code was bound to. */
    record Issued(long tokenId, CodeRow code) implements Redeemed {}
  }

  /**
   * Redeems a code in one transaction: the first redemption marks it used whatever comes of it;
   * {@code check} (no database work) says why this redemption is refused, or null; if it is not, a
   * {@code web} token is issued for the code's user, client and scopes, the user's oldest live
   * {@code web} tokens of that client beyond {@code maxLive} are revoked, and the code remembers
   * the token. A later redemption revokes that token.
   */
  public Redeemed redeem(
      String codeHash, Instant now, Function<CodeRow, String> check, NewToken token, int maxLive) {
    return jdbc.inTransaction(
        c -> {
          List<Object[]> found =
              Jdbc.list(
                  c,
                  "select account_id, app_id, client_id, redirect_uri, scopes, challenge,"
                      + " created_at, expires_at, used_at, token_id from auth_codes where code_hash = ? for update",
                  rs ->
                      new Object[] {
                        row(rs), Jdbc.instant(rs, "used_at"), nullableLong(rs, "token_id")
                      },
                  codeHash);
          if (found.isEmpty()) {
            return new Redeemed.Unknown();
          }
          CodeRow code = (CodeRow) found.get(0)[0];
          if (found.get(0)[1] != null) {
            Long issued = (Long) found.get(0)[2];
            if (issued != null) {
              Jdbc.update(
                  c,
                  "update tokens set revoked_at = ? where id = ? and revoked_at is null",
                  now,
                  issued);
            }
            return new Redeemed.Reused();
          }
          Jdbc.update(c, "update auth_codes set used_at = ? where code_hash = ?", now, codeHash);
          String refused = check.apply(code);
          if (refused != null) {
            return new Redeemed.Refused(refused);
          }
          long tokenId =
              Jdbc.insert(
                  c,
                  "insert into tokens (token_hash, kind, account_id, app_id, client_id, scopes,"
                      + " last4, created_at, expires_at, flow) values (?, 'user', ?, ?, ?, ?, ?, ?, null, 'web')",
                  token.tokenHash(),
                  code.accountId(),
                  code.appId(),
                  code.clientId(),
                  String.join(",", code.scopes()),
                  token.last4(),
                  now);
          Jdbc.update(
              c, "update auth_codes set token_id = ? where code_hash = ?", tokenId, codeHash);
          List<Long> live =
              Jdbc.list(
                  c,
                  "select id from tokens where account_id = ? and client_id = ? and flow = 'web'"
                      + " and revoked_at is null order by id desc",
                  rs -> rs.getLong("id"),
                  code.accountId(),
                  code.clientId());
          for (Long old : live.subList(Math.min(maxLive, live.size()), live.size())) {
            Jdbc.update(c, "update tokens set revoked_at = ? where id = ?", now, old);
          }
          return new Redeemed.Issued(tokenId, code);
        });
  }

  /**
   * Deletes codes that expired before {@code before}: they can no longer be redeemed nor reused.
   */
  public int sweep(Instant before) {
    return jdbc.update("delete from auth_codes where expires_at < ?", before);
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
