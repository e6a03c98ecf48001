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
    append(sql, params, null, idColumn, beforeId, sinceId, limit);
  }

  /**
   * As {@link #append(StringBuilder, List, String, Long, Long, int)} for rows the query already
   * narrows to one value of {@code ofColumn} (a channel, a user): ordered by it first, so that an
   * index on ({@code ofColumn}, {@code idColumn} desc) gives the page without sorting every row of
   * that value (H2 reads an index forwards only, and only for an order that starts like it).
   */
  static void append(
      StringBuilder sql,
      List<Object> params,
      String ofColumn,
      String idColumn,
      Long beforeId,
      Long sinceId,
      int limit) {
    appendCursors(sql, params, ofColumn, idColumn, beforeId, sinceId);
    sql.append(" limit ?");
    params.add(limit);
  }

  private static void appendCursors(
      StringBuilder sql,
      List<Object> params,
      String ofColumn,
      String idColumn,
      Long beforeId,
      Long sinceId) {
    if (beforeId != null) {
      sql.append(" and ").append(idColumn).append(" < ?");
      params.add(beforeId);
    }
    if (sinceId != null) {
      sql.append(" and ").append(idColumn).append(" > ?");
      params.add(sinceId);
    }
    sql.append(" order by ");
    if (ofColumn != null) {
      sql.append(ofColumn).append(", ");
    }
    sql.append(idColumn).append(" desc");
  }

  /**
   * As {@link #append(StringBuilder, List, String, String, Long, Long, int)}, the limit written
   * into the statement (a number, never text from a request): the planner then knows how many rows
   * the page has when it plans what is joined to it, whatever the table's statistics say.
   */
  static void appendWrittenLimit(
      StringBuilder sql,
      List<Object> params,
      String ofColumn,
      String idColumn,
      Long beforeId,
      Long sinceId,
      int limit) {
    appendCursors(sql, params, ofColumn, idColumn, beforeId, sinceId);
    sql.append(" limit ").append(Math.max(0, limit));
  }
}
