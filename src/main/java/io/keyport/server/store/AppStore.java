package io.keyport.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
