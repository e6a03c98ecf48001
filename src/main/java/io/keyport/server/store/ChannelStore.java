package io.keyport.server.store;

import io.keyport.server.store.AnnotationStore.AnnotationRow;
import io.keyport.server.store.PostStore.Authorship;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code channels}, {@code channel_users} and {@code messages} tables, with their annotations.
 */
public final class ChannelStore {
  private static final String READER = "reader";
  private static final String EDITOR = "editor";
  private final Jdbc jdbc;
  private final GroupInsert messageInserts = new GroupInsert(this::insertMessages);
  private final FreshStatistics statistics;

  public ChannelStore(Jdbc jdbc) {
    this.jdbc = jdbc;
    this.statistics = new FreshStatistics(jdbc, "messages", "annotations");
  }

  /** Who may read and who may write: anyone ({@code isPublic}), any user, or the users listed. */
  public record Access(boolean isPublic, boolean anyUser, List<Long> userIds) {}

  public record ChannelRow(
      long id,
      long ownerId,
      String ownerUsername,
      String ownerName,
      String type,
      Access readers,
      Access editors,
      Instant createdAt,
      List<AnnotationRow> annotations) {

    public boolean canRead(Long userId) {
      return readers.isPublic()
          || userId != null
              && (userId == ownerId
                  || readers.anyUser()
                  || readers.userIds().contains(userId)
                  || canWrite(userId));
    }

    public boolean canWrite(Long userId) {
      return userId != null
          && (userId == ownerId || editors.anyUser() || editors.userIds().contains(userId));
    }
  }

  public record MessageRow(
      long id, long channelId, String text, Authorship by, List<AnnotationRow> annotations) {}

  private static final String CHANNEL =
      "select c.id, c.owner_id, a.username, a.name, c.type, c.readers_public,"
          + " c.readers_any_user, c.editors_any_user, c.created_at from channels c join accounts a on a.id = c.owner_id";
  private static final String MESSAGE =
      "select m.id, m.channel_id, m.user_id, a.username, a.name, m.text,"
          + " m.source_client_id, m.source_name, m.source_link, m.created_at from messages m"
          + " join accounts a on a.id = m.user_id";

  /** A new channel; a user id that names no account fails with a missing-parent violation. */
  public long insert(
      long ownerId,
      String type,
      Access readers,
      Access editors,
      List<AnnotationRow> annotations,
      Instant now) {
    return jdbc.insertsInTransaction(
        c -> {
          long id =
              Jdbc.insert(
                  c,
                  "insert into channels (owner_id, type, readers_public, readers_any_user,"
                      + " editors_any_user, created_at) values (?, ?, ?, ?, ?, ?)",
                  ownerId,
                  type,
                  readers.isPublic(),
                  readers.anyUser(),
                  editors.anyUser(),
                  now);
          for (Long user : readers.userIds()) {
            Jdbc.update(
                c,
                "insert into channel_users (channel_id, role, user_id) values (?, ?, ?)",
                id,
                READER,
                user);
          }
          for (Long user : editors.userIds()) {
            Jdbc.update(
                c,
                "insert into channel_users (channel_id, role, user_id) values (?, ?, ?)",
                id,
                EDITOR,
                user);
          }
          AnnotationStore.insert(c, AnnotationStore.CHANNEL, id, annotations);
          return id;
        });
  }

  public Optional<ChannelRow> byId(long id) {
    return jdbc.inConnection(
        c -> {
          List<ChannelRow> rows =
              complete(c, Jdbc.list(c, CHANNEL + " where c.id = ?", ChannelStore::bare, id));
          return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        });
  }

  /**
   * The channels {@code userId} owns or edits, newest first, between the cursors; {@code
   * publicOnly}: only those anyone may read.
   */
  public List<ChannelRow> ownedOrEdited(
      long userId, boolean publicOnly, Long beforeId, Long sinceId, int limit) {
    return jdbc.inConnection(
        c -> {
          StringBuilder sql =
              new StringBuilder(
                  CHANNEL
                      + " where (c.owner_id = ? or c.editors_any_user = ?"
                      + " or c.id in (select channel_id from channel_users where user_id = ? and role = ?))");
          List<Object> params = new ArrayList<>(List.of(userId, true, userId, EDITOR));
          if (publicOnly) {
            sql.append(" and c.readers_public = ?");
            params.add(true);
          }
          Cursors.append(sql, params, "c.id", beforeId, sinceId, limit);
          return complete(c, Jdbc.list(c, sql.toString(), ChannelStore::bare, params.toArray()));
        });
  }

  /**
   * A new message, committed with its annotations. Messages posted at once share a transaction
   * ({@link GroupInsert}): on H2 each commit is written and synced to the file, which one at a time
   * held every poster to one sync per message. Each group's commit is a write of {@link
   * WriteNotices.Scope#MESSAGES} (pages of messages are remembered): forgotten here and announced
   * to the other instances before any of its posters is answered.
   */
  public MessageRow insertMessage(
      long channelId, String text, Authorship by, List<AnnotationRow> annotations) {
    List<AnnotationRow> kept = List.copyOf(annotations);
    long id = messageInserts.insert(channelId, text, by, kept);
    return new MessageRow(id, channelId, text, by, kept);
  }

  /** Each row: channel id, text, {@link Authorship}, annotations (as {@link #insertMessage}). */
  @SuppressWarnings("unchecked")
  private long[] insertMessages(List<Object[]> rows) {
    long[] ids = insertMessagesNow(rows);
    statistics.inserted(ids.length);
    return ids;
  }

  @SuppressWarnings("unchecked")
  private long[] insertMessagesNow(List<Object[]> rows) {
    return jdbc.inTransaction(
        WriteNotices.Scope.MESSAGES,
        c -> {
          long[] ids = new long[rows.size()];
          for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            Authorship by = (Authorship) row[2];
            ids[i] =
                Jdbc.insert(
                    c,
                    "insert into messages (channel_id, user_id, text, source_client_id, source_name,"
                        + " source_link, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                    row[0],
                    by.userId(),
                    row[1],
                    by.sourceClientId(),
                    by.sourceName(),
                    by.sourceLink(),
                    by.createdAt());
            AnnotationStore.insert(
                c, AnnotationStore.MESSAGE, ids[i], (List<AnnotationRow>) row[3]);
          }
          return ids;
        });
  }

  /**
   * The channel's messages, newest first, between the cursors (either may be null), with their
   * authors and annotations: one statement. The page is taken from {@code messages} alone, in a
   * derived table whose size is written into the statement, and only its rows are joined: so that
   * the plan does not depend on table statistics (PostgreSQL's planner, seconds after a batch of
   * inserts and before autovacuum analysed them, once joined and sorted the whole channel for each
   * page: 108 pages/s against 2,325 with statistics).
   */
  public List<MessageRow> messages(long channelId, Long beforeId, Long sinceId, int limit) {
    StringBuilder page =
        new StringBuilder(
            "select id, channel_id, user_id, text, source_client_id, source_name, source_link,"
                + " created_at from messages where channel_id = ?");
    List<Object> params = new ArrayList<>(List.of(channelId));
    Cursors.appendWrittenLimit(page, params, "channel_id", "id", beforeId, sinceId, limit);
    params.add(AnnotationStore.MESSAGE);
    String sql =
        "select m.id, m.channel_id, m.user_id, a.username, a.name, m.text, m.source_client_id,"
            + " m.source_name, m.source_link, m.created_at, n.type as annotation_type,"
            + " n.value_json from ("
            + page
            + ") m join accounts a on a.id = m.user_id"
            + " left join annotations n on n.owner_id = m.id and n.owner_kind = ?"
            + " order by m.id desc, n.position";
    List<MessageRow> out = new ArrayList<>();
    Map<Long, List<AnnotationRow>> annotations = new LinkedHashMap<>();
    jdbc.list(
        sql,
        rs -> {
          long id = rs.getLong("id");
          List<AnnotationRow> of = annotations.get(id);
          if (of == null) {
            of = new ArrayList<>();
            annotations.put(id, of);
            out.add(bareMessage(rs));
          }
          String type = rs.getString("annotation_type");
          if (type != null) {
            of.add(new AnnotationRow(type, rs.getString("value_json")));
          }
          return null;
        },
        params.toArray());
    List<MessageRow> complete = new ArrayList<>(out.size());
    for (MessageRow m : out) {
      complete.add(
          new MessageRow(
              m.id(), m.channelId(), m.text(), m.by(), List.copyOf(annotations.get(m.id()))));
    }
    return complete;
  }

  /**
   * Deletes the user's message of the channel; empty if there is no such message of theirs. A write
   * of {@link WriteNotices.Scope#MESSAGES}: it changes nothing else anyone remembers.
   */
  public Optional<MessageRow> deleteMessage(long channelId, long messageId, long userId) {
    return jdbc.inTransaction(
        WriteNotices.Scope.MESSAGES,
        c -> {
          List<MessageRow> found =
              Jdbc.list(
                  c,
                  MESSAGE + " where m.id = ? and m.channel_id = ? and m.user_id = ?",
                  ChannelStore::bareMessage,
                  messageId,
                  channelId,
                  userId);
          if (found.isEmpty()) {
            return Optional.<MessageRow>empty();
          }
          List<AnnotationRow> annotations =
              AnnotationStore.of(c, AnnotationStore.MESSAGE, List.of(messageId)).get(messageId);
          Jdbc.update(c, "delete from messages where id = ?", messageId);
          AnnotationStore.delete(c, AnnotationStore.MESSAGE, messageId);
          MessageRow m = found.get(0);
          return Optional.of(
              new MessageRow(m.id(), m.channelId(), m.text(), m.by(), List.copyOf(annotations)));
        });
  }

  private static List<ChannelRow> complete(Connection c, List<ChannelRow> bare)
      throws SQLException {
    if (bare.isEmpty()) {
      return bare;
    }
    List<Long> ids = bare.stream().map(ChannelRow::id).toList();
    Map<Long, List<AnnotationRow>> annotations =
        AnnotationStore.of(c, AnnotationStore.CHANNEL, ids);
    Map<Long, List<Long>> readers = new LinkedHashMap<>();
    Map<Long, List<Long>> editors = new LinkedHashMap<>();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      readers.put(ids.get(i), new ArrayList<>());
      editors.put(ids.get(i), new ArrayList<>());
      in.append(i == 0 ? "?" : ", ?");
    }
    Jdbc.list(
        c,
        "select channel_id, role, user_id from channel_users where channel_id in ("
            + in
            + ") order by channel_id, role, user_id",
        rs ->
            (READER.equals(rs.getString("role")) ? readers : editors)
                .get(rs.getLong("channel_id"))
                .add(rs.getLong("user_id")),
        ids.toArray());
    List<ChannelRow> out = new ArrayList<>(bare.size());
    for (ChannelRow r : bare) {
      out.add(
          new ChannelRow(
              r.id(),
              r.ownerId(),
              r.ownerUsername(),
              r.ownerName(),
              r.type(),
              new Access(
                  r.readers().isPublic(), r.readers().anyUser(), List.copyOf(readers.get(r.id()))),
              new Access(false, r.editors().anyUser(), List.copyOf(editors.get(r.id()))),
              r.createdAt(),
              List.copyOf(annotations.get(r.id()))));
    }
    return out;
  }

  private static ChannelRow bare(ResultSet rs) throws SQLException {
    return new ChannelRow(
        rs.getLong("id"),
        rs.getLong("owner_id"),
        rs.getString("username"),
        rs.getString("name"),
        rs.getString("type"),
        new Access(rs.getBoolean("readers_public"), rs.getBoolean("readers_any_user"), List.of()),
        new Access(false, rs.getBoolean("editors_any_user"), List.of()),
        Jdbc.instant(rs, "created_at"),
        List.of());
  }

  private static MessageRow bareMessage(ResultSet rs) throws SQLException {
    return new MessageRow(
        rs.getLong("id"),
        rs.getLong("channel_id"),
        rs.getString("text"),
        PostStore.authorship(rs),
        List.of());
  }
}
