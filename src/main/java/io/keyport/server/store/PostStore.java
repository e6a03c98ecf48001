package io.keyport.server.store;

import io.keyport.server.store.AnnotationStore.AnnotationRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code posts} table and their annotations. */
public final class PostStore {
  private final Jdbc jdbc;

  public PostStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Who wrote a post or a message, and with which app (its name and link as they were then). */
  public record Authorship(
      long userId,
      String username,
      String userName,
      String sourceClientId,
      String sourceName,
      String sourceLink,
      Instant createdAt) {}

  public record PostRow(long id, String text, Authorship by, List<AnnotationRow> annotations) {}

  private static final String SELECT =
      "select p.id, p.user_id, a.username, a.name, p.text, p.source_client_id,"
          + " p.source_name, p.source_link, p.created_at from posts p join accounts a on a.id = p.user_id";

  public PostRow insert(String text, Authorship by, List<AnnotationRow> annotations) {
    return jdbc.insertsInTransaction(
        c -> {
          long id =
              Jdbc.insert(
                  c,
                  "insert into posts (user_id, text, source_client_id, source_name, source_link,"
                      + " created_at) values (?, ?, ?, ?, ?, ?)",
                  by.userId(),
                  text,
                  by.sourceClientId(),
                  by.sourceName(),
                  by.sourceLink(),
                  by.createdAt());
          AnnotationStore.insert(c, AnnotationStore.POST, id, annotations);
          return new PostRow(id, text, by, List.copyOf(annotations));
        });
  }

  public Optional<PostRow> byId(long id) {
    return jdbc.inConnection(
        c -> {
          List<PostRow> rows =
              withAnnotations(c, Jdbc.list(c, SELECT + " where p.id = ?", PostStore::bare, id));
          return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        });
  }

  /** The posts of {@code userId}, newest first, between the cursors (either may be null). */
  public List<PostRow> byUser(long userId, Long beforeId, Long sinceId, int limit) {
    return jdbc.inConnection(
        c -> {
          StringBuilder sql = new StringBuilder(SELECT + " where p.user_id = ?");
          List<Object> params = new ArrayList<>(List.of(userId));
          Cursors.append(sql, params, "p.user_id", "p.id", beforeId, sinceId, limit);
          return withAnnotations(
              c, Jdbc.list(c, sql.toString(), PostStore::bare, params.toArray()));
        });
  }

  /** Deletes the user's post; false if the user has no such post. */
  public boolean delete(long id, long userId) {
    return jdbc.inTransaction(
        c -> {
          if (Jdbc.update(c, "delete from posts where id = ? and user_id = ?", id, userId) != 1) {
            return false;
          }
          AnnotationStore.delete(c, AnnotationStore.POST, id);
          return true;
        });
  }

  private static List<PostRow> withAnnotations(Connection c, List<PostRow> bare)
      throws SQLException {
    Map<Long, List<AnnotationRow>> all =
        AnnotationStore.of(c, AnnotationStore.POST, bare.stream().map(PostRow::id).toList());
    return bare.stream()
        .map(p -> new PostRow(p.id(), p.text(), p.by(), List.copyOf(all.get(p.id()))))
        .toList();
  }

  private static PostRow bare(ResultSet rs) throws SQLException {
    return new PostRow(rs.getLong("id"), rs.getString("text"), authorship(rs), List.of());
  }

  static Authorship authorship(ResultSet rs) throws SQLException {
    return new Authorship(
        rs.getLong("user_id"),
        rs.getString("username"),
        rs.getString("name"),
        rs.getString("source_client_id"),
        rs.getString("source_name"),
        rs.getString("source_link"),
        Jdbc.instant(rs, "created_at"));
  }
}
