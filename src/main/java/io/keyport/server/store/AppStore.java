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

/** The {@code apps} and {@code callback_urls} tables. */
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
    return jdbc.inConnection(c -> {
      StringBuilder sql = new StringBuilder("select " + COLUMNS + " from apps where owner_id = ?");
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
    return jdbc.inConnection(c -> first(withCallbacks(c, Jdbc.list(c,
        "select " + COLUMNS + " from apps where id = ? and owner_id = ?", AppStore::bareRow, id, ownerId))));
  }

  public Optional<AppRow> byId(long id) {
    return jdbc.inConnection(c -> first(withCallbacks(c, Jdbc.list(c,
        "select " + COLUMNS + " from apps where id = ?", AppStore::bareRow, id))));
  }

  /** The app with this client id and the MAC of its client secret, for client authentication. */
  public Optional<ClientRow> clientByClientId(String clientId) {
    return jdbc.one("select id, owner_id, client_id, name, website, secret_mac from apps where client_id = ?",
        rs -> new ClientRow(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("client_id"),
            rs.getString("name"), rs.getString("website"), rs.getString("secret_mac")), clientId);
  }

  /**
   * An app as client authentication sees it, with what a token of it shows of the app (so the
   * grant's answer needs no second lookup).
   */
  public record ClientRow(long id, long ownerId, String clientId, String name, String website, String secretMac) {}

  /** The sealed client secret of the owner's app. */
  public Optional<String> secretBox(long id, long ownerId) {
    return jdbc.one("select secret_box from apps where id = ? and owner_id = ?",
        rs -> rs.getString("secret_box"), id, ownerId);
  }

  /**
   * Inserts an app with its callback URLs in one transaction; a name the owner already uses (as
   * {@code nameKey}) fails with a unique violation.
   */
  public AppRow insert(long ownerId, String clientId, String name, String nameKey, String website,
      List<String> callbackUrls, String secretMac, String secretBox, Instant now) {
    return jdbc.inTransaction(c -> {
      long id = Jdbc.insert(c,
          "insert into apps (owner_id, client_id, name, name_key, website, secret_mac, secret_box,"
              + " created_at, updated_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
          ownerId, clientId, name, nameKey, website, secretMac, secretBox, now, now);
      insertCallbacks(c, id, callbackUrls);
      return new AppRow(id, ownerId, clientId, name, website, List.copyOf(callbackUrls), now, now, 1);
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

  /** Applies {@code changes} if the owner's app is still at {@code expectedVersion}; bumps the version. */
  public Updated update(long id, long ownerId, long expectedVersion, Changes changes, Instant now) {
    return jdbc.inTransaction(c -> {
      List<Long> current = Jdbc.list(c,
          "select version from apps where id = ? and owner_id = ? for update",
          rs -> rs.getLong("version"), id, ownerId);
      if (current.isEmpty()) {
        return new Updated.Missing();
      }
      if (current.get(0) != expectedVersion) {
        return new Updated.Conflict(current.get(0));
      }
      StringBuilder sql = new StringBuilder("update apps set version = version + 1, updated_at = ?");
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
      return new Updated.Done(first(withCallbacks(c, Jdbc.list(c,
          "select " + COLUMNS + " from apps where id = ?", AppStore::bareRow, id))).orElseThrow());
    });
  }

  /** Replaces the app's client secret; false if the owner has no such app. */
  public boolean replaceSecret(long id, long ownerId, String secretMac, String secretBox, Instant now) {
    return jdbc.update("update apps set secret_mac = ?, secret_box = ?, updated_at = ? where id = ? and owner_id = ?",
        secretMac, secretBox, now, id, ownerId) == 1;
  }

  /** Deletes the owner's app and revokes every token issued to it, in one transaction. */
  public boolean delete(long id, long ownerId, Instant now) {
    return jdbc.inTransaction(c -> {
      List<Long> found = Jdbc.list(c, "select id from apps where id = ? and owner_id = ? for update",
          rs -> rs.getLong("id"), id, ownerId);
      if (found.isEmpty()) {
        return false;
      }
      Jdbc.update(c, "update tokens set revoked_at = ? where app_id = ? and revoked_at is null", now, id);
      Jdbc.update(c, "delete from callback_urls where app_id = ?", id);
      Jdbc.update(c, "delete from apps where id = ?", id);
      return true;
    });
  }

  private static void insertCallbacks(Connection c, long appId, List<String> urls) throws SQLException {
    for (int i = 0; i < urls.size(); i++) {
      Jdbc.update(c, "insert into callback_urls (app_id, position, url) values (?, ?, ?)", appId, i, urls.get(i));
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
    Jdbc.list(c, "select app_id, url from callback_urls where app_id in (" + in
            + ") order by app_id, position",
        rs -> urls.get(rs.getLong("app_id")).add(rs.getString("url")), ids);
    List<AppRow> out = new ArrayList<>(bare.size());
    for (AppRow r : bare) {
      out.add(new AppRow(r.id(), r.ownerId(), r.clientId(), r.name(), r.website(),
          List.copyOf(urls.get(r.id())), r.createdAt(), r.updatedAt(), r.version()));
    }
    return out;
  }

  static AppRow bareRow(ResultSet rs) throws SQLException {
    return new AppRow(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("client_id"),
        rs.getString("name"), rs.getString("website"), List.of(), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"), rs.getLong("version"));
  }
}
