package io.keyport.server.store;

import java.util.List;

/**
 * App.net's cursors in SQL: ids below {@code before_id} and above {@code since_id}, newest first.
 */
final class Cursors {
  private Cursors() {}

  static void append(
      StringBuilder sql,
      List<Object> params,
      String idColumn,
      Long beforeId,
      Long sinceId,
      int limit) {
    if (beforeId != null) {
      sql.append(" and ").append(idColumn).append(" < ?");
      params.add(beforeId);
    }
    if (sinceId != null) {
      sql.append(" and ").append(idColumn).append(" > ?");
      params.add(sinceId);
    }
    sql.append(" order by ").append(idColumn).append(" desc limit ?");
    params.add(limit);
  }
}
