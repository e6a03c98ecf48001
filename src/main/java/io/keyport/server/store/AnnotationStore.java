package io.keyport.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code annotations} table: the annotations of posts, channels and messages, in order. */
public final class AnnotationStore {
  static final String POST = "post";
  static final String CHANNEL = "channel";
  static final String MESSAGE = "message";

  private AnnotationStore() {}

  /** One annotation: its type and its value as JSON text. */
  public record AnnotationRow(String type, String valueJson) {}

  static void insert(Connection c, String kind, long ownerId, List<AnnotationRow> annotations)
      throws SQLException {
    for (int i = 0; i < annotations.size(); i++) {
      AnnotationRow a = annotations.get(i);
      Jdbc.update(
          c,
          "insert into annotations (owner_kind, owner_id, position, type, value_json) values (?, ?, ?, ?, ?)",
          kind,
          ownerId,
          i,
          a.type(),
          a.valueJson());
    }
  }

  static void delete(Connection c, String kind, long ownerId) throws SQLException {
    Jdbc.update(c, "delete from annotations where owner_kind = ? and owner_id = ?", kind, ownerId);
  }

  /** The annotations of each of {@code ids} (every id a key, in the ids' order), in their order. */
  static Map<Long, List<AnnotationRow>> of(Connection c, String kind, List<Long> ids)
      throws SQLException {
    Map<Long, List<AnnotationRow>> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    StringBuilder in = new StringBuilder();
    Object[] params = new Object[ids.size() + 1];
    params[0] = kind;
    for (int i = 0; i < ids.size(); i++) {
      out.put(ids.get(i), new ArrayList<>());
      in.append(i == 0 ? "?" : ", ?");
      params[i + 1] = ids.get(i);
    }
    Jdbc.list(
        c,
        "select owner_id, type, value_json from annotations where owner_kind = ? and owner_id in ("
            + in
            + ") order by owner_id, position",
        rs ->
            out.get(rs.getLong("owner_id"))
                .add(new AnnotationRow(rs.getString("type"), rs.getString("value_json"))),
        params);
    return out;
  }
}
