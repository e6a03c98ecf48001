package io.keyport.server.core;

import io.keyport.api.Annotation;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.Post;
import io.keyport.api.Rules;
import io.keyport.api.User;
import io.keyport.server.store.PostStore;
import io.keyport.server.store.PostStore.PostRow;
import java.time.Clock;
import java.util.List;

/**
 * Posts (API.md, Resources): written with {@code write_post}, read by anyone, the caller's stream
 * with {@code stream}; and the profile change of {@code update_profile}.
 */
public final class Posts {
  public static final String WRITE_POST = "write_post";
  public static final String STREAM = "stream";
  public static final String UPDATE_PROFILE = "update_profile";
  private final PostStore store;
  private final Accounts accounts;
  private final Authors authors;

  public Posts(PostStore store, Accounts accounts, Apps apps, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.authors = new Authors(accounts, apps, clock);
  }

  public Post create(Caller caller, String text, List<Annotation> annotations) {
    Authors.requireScope(caller, WRITE_POST);
    Authors.requireUser(caller);
    ApiFailure.check(Rules.postText(text));
    var rows = Authors.annotations(annotations);
    return toPost(store.insert(text, authors.authorship(caller), rows));
  }

  public Post get(String id) {
    return toPost(
        store.byId(Authors.pathId("post", id)).orElseThrow(() -> ApiFailure.notFound("post")));
  }

  /** Deletes the caller's own post; someone else's is not found. */
  public Post delete(Caller caller, String id) {
    Authors.requireScope(caller, WRITE_POST);
    long userId = Authors.requireUser(caller);
    PostRow post =
        store
            .byId(Authors.pathId("post", id))
            .filter(p -> p.by().userId() == userId)
            .orElseThrow(() -> ApiFailure.notFound("post"));
    if (!store.delete(post.id(), userId)) {
      throw ApiFailure.notFound("post");
    }
    return toPost(post);
  }

  /** A user's posts ({@code me}: the caller's, which needs a user token), newest first. */
  public Page<Post> ofUser(Caller caller, String userId, PageRequest page) {
    long id;
    if ("me".equals(userId)) {
      if (caller == null) {
        throw new ApiFailure(
            ErrorSlug.INVALID_TOKEN, "'me' needs an access token: Authorization: Bearer <token>.");
      }
      id = Authors.requireUser(caller);
    } else {
      id = accounts.byId(Authors.pathId("user", userId)).id();
    }
    return page(id, page);
  }

  /** The caller's stream: their own posts until following exists. */
  public Page<Post> stream(Caller caller, PageRequest page) {
    Authors.requireScope(caller, STREAM);
    return page(Authors.requireUser(caller), page);
  }

  /** {@code PATCH /stream/0/users/me}: the caller's display name. */
  public User updateProfile(Caller caller, String name) {
    Authors.requireScope(caller, UPDATE_PROFILE);
    long id = Authors.requireUser(caller);
    if (name == null) {
      throw ApiFailure.invalid(Rules.NAME, "nothing to change: give name");
    }
    return accounts.toUser(accounts.rename(id, name));
  }

  private Page<Post> page(long userId, PageRequest page) {
    List<PostRow> rows =
        store.byUser(
            userId,
            Authors.cursor("before_id", page.beforeId()),
            Authors.cursor("since_id", page.sinceId()),
            page.count() + 1);
    return Authors.page(rows, page, PostRow::id, this::toPost);
  }

  private Post toPost(PostRow row) {
    return new Post(
        Long.toString(row.id()),
        authors.user(row.by()),
        row.text(),
        Authors.toApi(row.annotations()),
        Authors.source(row.by()),
        row.by().createdAt());
  }
}
