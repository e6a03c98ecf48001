package io.keyport.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code apps}, {@code callback_urls} and {@code client_secrets} tables. */
public final class AppStore {
  private final Jdbc jdbc;

  public AppStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** An app row without its secret columns. */
  public record AppRow(
      long id,
      long ownerId,
      String clientId,
      String name,
      String website,
      List<String> callbackUrls,
      Instant createdAt,
      Instant updatedAt,
      long version) {}

  static final String COLUMNS =
      "id, owner_id, client_id, name, website, created_at, updated_at, version";

  /**
   * The owner's apps, newest first: at most {@code limit} with id below {@code beforeId} and above
   * {@code sinceId} (either may be null).
   */
  public List<AppRow> listByOwner(long ownerId, Long beforeId, Long sinceId, int limit) {
    return jdbc.inConnection(
        c -> {
          StringBuilder sql =
              new StringBuilder("select " + COLUMNS + " from apps where owner_id = ?");
          List<Object> params = new ArrayList<>(List.of(ownerId));
          if (beforeId != null) {
            sql.append(" and id < ?");
            params.add(beforeId);
          }
          if (sinceId != null) {
            sql.append(" and id > ?");
            params.add(sinceId);
          }
          sql.append(" order by id desc limit ?");
          params.add(limit);
          List<AppRow> bare = Jdbc.list(c, sql.toString(), AppStore::bareRow, params.toArray());
          return withCallbacks(c, bare);
        });
  }

  /** One app of the owner, or empty (also when it belongs to someone else). */
  public Optional<AppRow> byIdForOwner(long id, long ownerId) {
    return jdbc.inConnection(
        c ->
            first(
                withCallbacks(
                    c,
                    Jdbc.list(
                        c,
                        "select " + COLUMNS + " from apps where id = ? and owner_id = ?",
                        AppStore::bareRow,
                        id,
                        ownerId))));
  }

  public Optional<AppRow> byId(long id) {
    return jdbc.inConnection(
        c ->
            first(
                withCallbacks(
                    c,
                    Jdbc.list(
                        c,
                        "select " + COLUMNS + " from apps where id = ?",
                        AppStore::bareRow,
                        id))));
  }

  /**
   * The app with this client id and its client secrets live at {@code now} (their MACs), for client
   * authentication; empty if there is no such app or it has no live secret.
   */
  public Optional<ClientRow> clientByClientId(String clientId, Instant now) {
    List<ClientRow> rows =
        jdbc.list(
            "select a.id, a.owner_id, a.client_id, a.name, a.website, "
                + SECRET_COLUMNS
                + " from apps a join client_secrets s on s.app_id = a.id"
                + " where a.client_id = ? and "
                + LIVE
                + " order by s.id desc",
            rs ->
                new ClientRow(
                    rs.getLong("id"),
                    rs.getLong("owner_id"),
                    rs.getString("client_id"),
                    rs.getString("name"),
                    rs.getString("website"),
                    List.of(secretRow(rs)),
                    null),
            clientId,
            now);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<SecretRow> secrets = rows.stream().map(r -> r.secrets().get(0)).toList();
    ClientRow first = rows.get(0);
    return Optional.of(
        new ClientRow(
            first.id(),
            first.ownerId(),
            first.clientId(),
            first.name(),
            first.website(),
            secrets,
            null));
  }

  /**
   * An app as client authentication sees it, with what a token of it shows of the app (so the
   * grant's answer needs no second lookup): its live secrets, newest first, and once authenticated
   * ({@link #authenticatedBy}) the one that matched as {@code used}.
   */
  public record ClientRow(
      long id,
      long ownerId,
      String clientId,
      String name,
      String website,
      List<SecretRow> secrets,
      SecretRow used) {
    public ClientRow authenticatedBy(SecretRow secret) {
      return new ClientRow(id, ownerId, clientId, name, website, secrets, secret);
    }
  }

  /**
   * One client secret without the secret: its MAC, last four characters (null if made before they
   * were kept), and times. {@code expiresAt} null: the app's current secret.
   */
  public record SecretRow(
      long id, String mac, String last4, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    /** Whether it still authenticates at {@code now}. */
    public boolean liveAt(Instant now) {
      return expiresAt == null || now.isBefore(expiresAt);
    }
  }

  private static final String SECRET_COLUMNS =
      "s.id as secret_id, s.secret_mac, s.last4, s.created_at"
          + " as secret_created_at, s.expires_at as secret_expires_at, s.last_used_at as secret_last_used_at";

  /** A secret (as {@code s}) live at the bound time. */
  private static final String LIVE = "(s.expires_at is null or s.expires_at > ?)";

  private static SecretRow secretRow(ResultSet rs) throws SQLException {
    return new SecretRow(
        rs.getLong("secret_id"),
        rs.getString("secret_mac"),
        rs.getString("last4"),
        Jdbc.instant(rs, "secret_created_at"),
        Jdbc.instant(rs, "secret_expires_at"),
        Jdbc.instant(rs, "secret_last_used_at"));
  }

  /** The owner's app's secrets live at {@code now}, newest first, each with its sealed secret. */
  public List<SealedSecret> liveSecrets(long id, long ownerId, Instant now) {
    return jdbc.list(
        "select "
            + SECRET_COLUMNS
            + ", s.secret_box from client_secrets s join apps a"
            + " on a.id = s.app_id where a.id = ? and a.owner_id = ? and "
            + LIVE
            + " order by s.id desc",
        rs -> new SealedSecret(secretRow(rs), rs.getString("secret_box")),
        id,
        ownerId,
        now);
  }

  /** A secret with its sealed copy (for its owner's reveal, or to read its last four). */
  public record SealedSecret(SecretRow row, String box) {}

  /**
   * Makes {@code secretMac}/{@code secretBox} the app's current secret, in one transaction with the
   * app row locked (concurrent rotations queue): the current one stays live until {@code
   * overlapEnd} (or its own earlier end), every older one ends now, so at most two are live. Empty
   * if the owner has no such app; else the new secret's id.
   */
  public Optional<Long> rotateSecret(
      long id,
      long ownerId,
      String secretMac,
      String secretBox,
      String last4,
      Instant now,
      Instant overlapEnd) {
    return jdbc.inTransaction(
        c -> {
          if (!lockOwned(c, id, ownerId)) {
            return Optional.<Long>empty();
          }
          List<SecretRow> live =
              Jdbc.list(
                  c,
                  "select "
                      + SECRET_COLUMNS
                      + " from client_secrets s"
                      + " where s.app_id = ? and "
                      + LIVE
                      + " order by s.id desc",
                  AppStore::secretRow,
                  id,
                  now);
          for (int i = 0; i < live.size(); i++) {
            SecretRow s = live.get(i);
            Instant end =
                i > 0
                    ? now
                    : s.expiresAt() != null && s.expiresAt().isBefore(overlapEnd)
                        ? s.expiresAt()
                        : overlapEnd;
            Jdbc.update(c, "update client_secrets set expires_at = ? where id = ?", end, s.id());
          }
          long secretId =
              Jdbc.insert(
                  c,
                  "insert into client_secrets (app_id, secret_mac, secret_box, last4,"
                      + " created_at) values (?, ?, ?, ?, ?)",
                  id,
                  secretMac,
                  secretBox,
                  last4,
                  now);
          Jdbc.update(c, "update apps set updated_at = ? where id = ?", now, id);
          return Optional.of(secretId);
        });
  }

  /** What an early retirement did. */
  public enum Retired {
    DONE,
    NO_SUCH_SECRET,
    CURRENT
  }

  /**
   * Ends one of the owner's app's live secrets now, unless it is the app's current one (the one
   * without an end: there is always exactly one, which only a rotation replaces); with the app row
   * locked, so a retirement and a rotation cannot leave the app without a secret.
   */
  public Retired retireSecret(long id, long ownerId, long secretId, Instant now) {
    return jdbc.inTransaction(
        c -> {
          if (!lockOwned(c, id, ownerId)) {
            return Retired.NO_SUCH_SECRET;
          }
          List<SecretRow> live =
              Jdbc.list(
                  c,
                  "select "
                      + SECRET_COLUMNS
                      + " from client_secrets s"
                      + " where s.app_id = ? and "
                      + LIVE,
                  AppStore::secretRow,
                  id,
                  now);
          SecretRow found = live.stream().filter(s -> s.id() == secretId).findFirst().orElse(null);
          if (found == null) {
            return Retired.NO_SUCH_SECRET;
          }
          if (found.expiresAt() == null) {
            return Retired.CURRENT;
          }
          Jdbc.update(c, "update client_secrets set expires_at = ? where id = ?", now, secretId);
          return Retired.DONE;
        });
  }

  /** Locks the owner's app row for the transaction; false if there is no such app. */
  private static boolean lockOwned(Connection c, long id, long ownerId) throws SQLException {
    return !Jdbc.list(
            c,
            "select id from apps where id = ? and owner_id = ? for update",
            rs -> rs.getLong("id"),
            id,
            ownerId)
        .isEmpty();
  }

  /**
   * Inserts an app with its callback URLs in one transaction; a name the owner already uses (as
   * {@code nameKey}) fails with a unique violation.
   */
  public AppRow insert(
      long ownerId,
      String clientId,
      String name,
      String nameKey,
      String website,
      List<String> callbackUrls,
      String secretMac,
      String secretBox,
      String last4,
      Instant now) {
    return jdbc.inTransaction(
        c -> {
          long id =
              Jdbc.insert(
                  c,
                  "insert into apps (owner_id, client_id, name, name_key, website, created_at, updated_at, version)"
                      + " values (?, ?, ?, ?, ?, ?, ?, 1)",
                  ownerId,
                  clientId,
                  name,
                  nameKey,
                  website,
                  now,
                  now);
          Jdbc.insert(
              c,
              "insert into client_secrets (app_id, secret_mac, secret_box, last4, created_at)"
                  + " values (?, ?, ?, ?, ?)",
              id,
              secretMac,
              secretBox,
              last4,
              now);
          insertCallbacks(c, id, callbackUrls);
          return new AppRow(
              id, ownerId, clientId, name, website, List.copyOf(callbackUrls), now, now, 1);
        });
  }

  /** What a PATCH may change; a null field stays as it is. */
  public record Changes(String name, String nameKey, String website, List<String> callbackUrls) {}

  /** The outcome of an update: the row, or why there is none. */
  public sealed interface Updated {
    record Done(AppRow row) implements Updated {}

    record Missing() implements Updated {}

    record Conflict(long currentVersion) implements Updated {}
  }

  /**
   * Applies {@code changes} if the owner's app is still at {@code expectedVersion}; bumps the
   * version.
   */
  public Updated update(long id, long ownerId, long expectedVersion, Changes changes, Instant now) {
    return jdbc.inTransaction(
        c -> {
          List<Long> current =
              Jdbc.list(
                  c,
                  "select version from apps where id = ? and owner_id = ? for update",
                  rs -> rs.getLong("version"),
                  id,
                  ownerId);
          if (current.isEmpty()) {
            return new Updated.Missing();
          }
          if (current.get(0) != expectedVersion) {
            return new Updated.Conflict(current.get(0));
          }
          StringBuilder sql =
              new StringBuilder("update apps set version = version + 1, updated_at = ?");
          List<Object> params = new ArrayList<>(List.of(now));
          if (changes.name() != null) {
            sql.append(", name = ?, name_key = ?");
            params.add(changes.name());
            params.add(changes.nameKey());
          }
          if (changes.website() != null) {
            sql.append(", website = ?");
            params.add(changes.website());
          }
          sql.append(" where id = ? and version = ?");
          params.add(id);
          params.add(expectedVersion);
          if (Jdbc.update(c, sql.toString(), params.toArray()) != 1) {
            return new Updated.Conflict(expectedVersion + 1);
          }
          if (changes.callbackUrls() != null) {
            Jdbc.update(c, "delete from callback_urls where app_id = ?", id);
            insertCallbacks(c, id, changes.callbackUrls());
          }
          return new Updated.Done(
              first(
                      withCallbacks(
                          c,
                          Jdbc.list(
                              c,
                              "select " + COLUMNS + " from apps where id = ?",
                              AppStore::bareRow,
                              id)))
                  .orElseThrow());
        });
  }

  /** Deletes the owner's app and revokes every token issued to it, in one transaction. */
  public boolean delete(long id, long ownerId, Instant now) {
    return jdbc.inTransaction(
        c -> {
          List<Long> found =
              Jdbc.list(
                  c,
                  "select id from apps where id = ? and owner_id = ? for update",
                  rs -> rs.getLong("id"),
                  id,
                  ownerId);
          if (found.isEmpty()) {
            return false;
          }
          Jdbc.update(
              c,
              "update tokens set revoked_at = ? where app_id = ? and revoked_at is null",
              now,
              id);
          Jdbc.update(c, "delete from callback_urls where app_id = ?", id);
          Jdbc.update(c, "delete from apps where id = ?", id);
          return true;
        });
  }

  private static void insertCallbacks(Connection c, long appId, List<String> urls)
      throws SQLException {
    for (int i = 0; i < urls.size(); i++) {
      Jdbc.update(
          c,
          "insert into callback_urls (app_id, position, url) values (?, ?, ?)",
          appId,
          i,
          urls.get(i));
    }
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static List<AppRow> withCallbacks(Connection c, List<AppRow> bare) throws SQLException {
    if (bare.isEmpty()) {
      return bare;
    }
    Map<Long, List<String>> urls = new LinkedHashMap<>();
    StringBuilder in = new StringBuilder();
    Object[] ids = new Object[bare.size()];
    for (int i = 0; i < bare.size(); i++) {
      urls.put(bare.get(i).id(), new ArrayList<>());
      in.append(i == 0 ? "?" : ", ?");
      ids[i] = bare.get(i).id();
    }
    Jdbc.list(
        c,
        "select app_id, url from callback_urls where app_id in ("
            + in
            + ") order by app_id, position",
        rs -> urls.get(rs.getLong("app_id")).add(rs.getString("url")),
        ids);
    List<AppRow> out = new ArrayList<>(bare.size());
    for (AppRow r : bare) {
      out.add(
          new AppRow(
              r.id(),
              r.ownerId(),
              r.clientId(),
              r.name(),
              r.website(),
              List.copyOf(urls.get(r.id())),
              r.createdAt(),
              r.updatedAt(),
              r.version()));
    }
    return out;
  }

  static AppRow bareRow(ResultSet rs) throws SQLException {
    return new AppRow(
        rs.getLong("id"),
        rs.getLong("owner_id"),
        rs.getString("client_id"),
        rs.getString("name"),
        rs.getString("website"),
        List.of(),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"),
        rs.getLong("version"));
  }
}
