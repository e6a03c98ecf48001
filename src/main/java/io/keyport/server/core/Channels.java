package io.keyport.server.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.Annotation;
import io.keyport.api.Channel;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Message;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.Rules;
import io.keyport.server.store.AnnotationStore.AnnotationRow;
import io.keyport.server.store.ChannelStore;
import io.keyport.server.store.ChannelStore.Access;
import io.keyport.server.store.ChannelStore.ChannelRow;
import io.keyport.server.store.ChannelStore.MessageRow;
import io.keyport.server.store.Jdbc.StoreException;
import io.keyport.server.store.WriteNotices.Scope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Channels and their messages (API.md, Resources; App.net's guide "Send a broadcast"). A channel
 * anyone may read needs {@code public_messages} (or {@code messages}, which covers public and
 * private) to create, list, and write to; any other channel needs {@code messages}. Anyone reads a
 * public channel and its messages, without a token too; a channel the caller may not read is not
 * found. Only editors (the owner, the users listed, or any user) write messages.
 */
public final class Channels {
  public static final String PUBLIC_MESSAGES = "public_messages";
  public static final String MESSAGES = "messages";
  static final int ACL_USERS_MAX = 200;
  private final ChannelStore store;
  private final Authors authors;
  private final Clock clock;

  /**
   * Channels by id (their ACLs and annotations), remembered between requests ({@link TokenCache}):
   * every page of messages reads its channel's access first.
   */
  private final TokenCache.Remembered<Long, ChannelRow> byId;

  /**
   * Pages of messages as built for the API, remembered between requests by what asked for them
   * ({@link TokenCache}, scope {@link Scope#MESSAGES}): a message inserted or deleted forgets them,
   * here and on every other server, before its writer is answered; the names they show change only
   * through writes that forget everything. A page does not depend on who reads it (the channel's
   * access is checked on every request, before the page is looked for).
   */
  private final TokenCache.Remembered<PageKey, BuiltPage> pages;

  /** What a page of messages is asked by. */
  private record PageKey(long channelId, Long beforeId, Long sinceId, int count) {}

  /** A page and about how many bytes of text it holds. */
  private record BuiltPage(Page<Message> page, long weight) {}

  /**
   * How many bytes of text ({@link BuiltPage#weight}) the remembered pages hold at most: the
   * objects built from them take a few times that.
   */
  static final long PAGES_BUDGET = 4L << 20;

  /** What a message weighs beside its text and annotations (ids, names, times). */
  private static final int MESSAGE_WEIGHT = 256;

  public Channels(ChannelStore store, Accounts accounts, Apps apps, Clock clock, TokenCache cache) {
    this.store = store;
    this.authors = new Authors(accounts, apps, clock);
    this.clock = clock;
    this.byId = cache.remembering();
    this.pages = cache.remembering(Scope.MESSAGES, BuiltPage::weight, PAGES_BUDGET);
  }

  /** Who may read or write as a request gives it: each part null when not given. */
  public record AccessRequest(Boolean isPublic, Boolean anyUser, List<String> userIds) {}

  public Channel create(
      Caller caller,
      String type,
      AccessRequest readers,
      AccessRequest editors,
      List<Annotation> annotations) {
    ApiFailure.check(Rules.annotationType("type", type));
    boolean broadcast = Channel.BROADCAST.equals(type);
    Access read = access("readers", readers, broadcast);
    Access write = access("editors", editors, false);
    if (write.isPublic()) {
      throw ApiFailure.invalid(
          "editors.public",
          "a channel cannot be written by anyone without a token;" + " use any_user or user_ids");
    }
    requireScope(caller, read.isPublic());
    long owner = Authors.requireUser(caller);
    List<AnnotationRow> rows = Authors.annotations(annotations);
    if (broadcast) {
      int at =
          required(
              annotations,
              Annotation.BROADCAST_METADATA,
              "a broadcast channel",
              "{title, description}");
      JsonNode value = annotations.get(at).value();
      String field = Rules.ANNOTATIONS + "[" + at + "].value.";
      ApiFailure.check(Rules.channelTitle(field + "title", text(value, field + "title")));
      ApiFailure.check(
          Rules.channelDescription(field + "description", text(value, field + "description")));
    }
    long id;
    try {
      id = store.insert(owner, type, read, write, rows, clock.instant());
    } catch (StoreException e) {
      throw e.isMissingParent()
          ? ApiFailure.invalid("user_ids", "names a user that does not exist")
          : e;
    }
    return toChannel(store.byId(id).orElseThrow(() -> ApiFailure.notFound("channel")), owner);
  }

  /** The channels the caller owns or edits; with only {@code public_messages}, the public ones. */
  public Page<Channel> mine(Caller caller, PageRequest page) {
    boolean all = caller.has(MESSAGES);
    if (!all && !caller.has(PUBLIC_MESSAGES)) {
      throw Authors.insufficient(PUBLIC_MESSAGES);
    }
    long user = Authors.requireUser(caller);
    List<ChannelRow> rows =
        store.ownedOrEdited(
            user,
            !all,
            Authors.cursor("before_id", page.beforeId()),
            Authors.cursor("since_id", page.sinceId()),
            page.count() + 1);
    return Authors.page(rows, page, ChannelRow::id, r -> toChannel(r, user));
  }

  /**
   * One channel; {@code caller} null: a request without a token, which sees public channels only.
   */
  public Channel get(Caller caller, String id) {
    ChannelRow channel = readable(caller, id);
    return toChannel(channel, caller == null ? null : caller.accountId());
  }

  /** A new message from the caller, who must be an editor; a broadcast needs its subject. */
  public Message post(Caller caller, String channelId, String text, List<Annotation> annotations) {
    ChannelRow channel = readable(caller, channelId);
    if (caller == null) {
      throw new ApiFailure(
          ErrorSlug.INVALID_TOKEN, "An access token is required: Authorization: Bearer <token>.");
    }
    requireScope(caller, channel.readers().isPublic());
    long user = Authors.requireUser(caller);
    if (!channel.canWrite(user)) {
      throw new ApiFailure(ErrorSlug.FORBIDDEN, "Only the channel's editors may post in it.");
    }
    boolean broadcast = Channel.BROADCAST.equals(channel.type());
    ApiFailure.check(Rules.messageText(text, broadcast));
    List<AnnotationRow> rows = Authors.annotations(annotations);
    if (broadcast) {
      int at =
          required(annotations, Annotation.BROADCAST_MESSAGE_METADATA, "a broadcast", "{subject}");
      String field = Rules.ANNOTATIONS + "[" + at + "].value.subject";
      ApiFailure.check(Rules.subject(field, text(annotations.get(at).value(), field)));
    }
    int link = Authors.indexOf(annotations, Annotation.CROSSPOST);
    if (link >= 0) {
      String field = Rules.ANNOTATIONS + "[" + link + "].value.canonical_url";
      ApiFailure.check(Rules.link(field, text(annotations.get(link).value(), field)));
    }
    return toMessage(
        store.insertMessage(
            channel.id(),
            text == null || text.isEmpty() ? null : text,
            authors.authorship(caller),
            rows));
  }

  /** The channel's messages, newest first. */
  public Page<Message> messages(Caller caller, String channelId, PageRequest page) {
    ChannelRow channel = readable(caller, channelId);
    PageKey key =
        new PageKey(
            channel.id(),
            Authors.cursor("before_id", page.beforeId()),
            Authors.cursor("since_id", page.sinceId()),
            page.count());
    return pages.get(key, () -> Optional.of(build(key, page))).orElseThrow().page();
  }

  private BuiltPage build(PageKey key, PageRequest page) {
    List<MessageRow> rows =
        store.messages(key.channelId(), key.beforeId(), key.sinceId(), key.count() + 1);
    long weight = 0;
    for (MessageRow m : rows) {
      weight += MESSAGE_WEIGHT + (m.text() == null ? 0 : m.text().length());
      for (AnnotationRow a : m.annotations()) {
        weight += a.type().length() + a.valueJson().length();
      }
    }
    return new BuiltPage(Authors.page(rows, page, MessageRow::id, this::toMessage), weight);
  }

  /** Deletes the caller's own message; anyone else's is not found. */
  public Message deleteMessage(Caller caller, String channelId, String messageId) {
    ChannelRow channel = readable(caller, channelId);
    if (caller == null) {
      throw new ApiFailure(
          ErrorSlug.INVALID_TOKEN, "An access token is required: Authorization: Bearer <token>.");
    }
    requireScope(caller, channel.readers().isPublic());
    long user = Authors.requireUser(caller);
    long id = Authors.pathId("message", messageId);
    return toMessage(
        store
            .deleteMessage(channel.id(), id, user)
            .orElseThrow(() -> ApiFailure.notFound("message")));
  }

  /**
   * The channel if the caller may read it: a public one for anyone; any other for a user token with
   * {@code messages} that is among its readers. Otherwise not found (or 403 naming {@code messages}
   * to a reader whose token lacks it).
   */
  private ChannelRow readable(Caller caller, String id) {
    long channelId = Authors.pathId("channel", id);
    Optional<ChannelRow> found = byId.get(channelId, () -> store.byId(channelId));
    Long user = caller == null ? null : caller.accountId();
    ChannelRow channel =
        found.filter(c -> c.canRead(user)).orElseThrow(() -> ApiFailure.notFound("channel"));
    if (!channel.readers().isPublic()) {
      requireScope(caller, false);
    }
    return channel;
  }

  /** {@code messages} covers every channel; {@code public_messages} the public ones. */
  private static void requireScope(Caller caller, boolean publicChannel) {
    if (caller.has(MESSAGES) || publicChannel && caller.has(PUBLIC_MESSAGES)) {
      return;
    }
    throw Authors.insufficient(publicChannel ? PUBLIC_MESSAGES : MESSAGES);
  }

  private static Access access(String field, AccessRequest given, boolean publicByDefault) {
    if (given == null) {
      return new Access(publicByDefault, false, List.of());
    }
    List<String> ids = given.userIds() == null ? List.of() : given.userIds();
    if (ids.size() > ACL_USERS_MAX) {
      throw ApiFailure.invalid(field + ".user_ids", "at most " + ACL_USERS_MAX + " users");
    }
    Set<Long> users = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String one = ids.get(i);
      if (one == null
          || one.isEmpty()
          || one.length() > 18
          || !one.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        throw ApiFailure.invalid(
            field + ".user_ids[" + i + "]", "must be a user id, a string of digits");
      }
      users.add(Long.parseLong(one));
    }
    boolean isPublic = given.isPublic() == null ? publicByDefault : given.isPublic();
    return new Access(isPublic, given.anyUser() != null && given.anyUser(), new ArrayList<>(users));
  }

  /** The index of the annotation of {@code type} that {@code what} needs, else 400 naming it. */
  private static int required(
      List<Annotation> annotations, String type, String what, String shape) {
    int at = Authors.indexOf(annotations, type);
    if (at < 0) {
      throw ApiFailure.invalid(
          Rules.ANNOTATIONS, what + " needs a " + type + " annotation " + shape);
    }
    return at;
  }

  /** A string field of an annotation's value, or null when absent; another type is refused. */
  private static String text(JsonNode value, String field) {
    JsonNode v = value.get(field.substring(field.lastIndexOf('.') + 1));
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiFailure.invalid(field, "must be a string");
    }
    return v.textValue();
  }

  private Channel toChannel(ChannelRow row, Long viewer) {
    boolean owner = viewer != null && viewer == row.ownerId();
    return new Channel(
        Long.toString(row.id()),
        row.type(),
        authors.user(row.ownerId(), row.ownerUsername(), row.ownerName()),
        new Channel.Acl(
            row.readers().isPublic(),
            row.readers().anyUser(),
            ids(row.readers().userIds()),
            viewer == null ? null : owner || row.canRead(viewer)),
        new Channel.Acl(
            false,
            row.editors().anyUser(),
            ids(row.editors().userIds()),
            viewer == null ? null : row.canWrite(viewer)),
        Authors.toApi(row.annotations()),
        row.createdAt());
  }

  private static List<String> ids(List<Long> ids) {
    return ids.stream().map(String::valueOf).toList();
  }

  private Message toMessage(MessageRow row) {
    return new Message(
        Long.toString(row.id()),
        Long.toString(row.channelId()),
        authors.user(row.by()),
        row.text(),
        Authors.toApi(row.annotations()),
        Authors.source(row.by()),
        row.by().createdAt());
  }
}
