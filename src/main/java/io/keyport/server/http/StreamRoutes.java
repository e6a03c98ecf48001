package io.keyport.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.keyport.server.core.Caller;
import io.keyport.server.core.Channels;
import io.keyport.server.core.Channels.AccessRequest;
import io.keyport.server.core.Posts;

/**
 * What the scopes guard (API.md, "Resources: posts, channels, messages"): posts, the profile,
 * channels and their messages. The scope each needs is the core's to judge (a channel's depends on
 * who reads it); here a request only finds its caller, who may be no one where API.md allows it.
 */
final class StreamRoutes {
  static final String CHANNEL = "/stream/0/channels/{id}";
  private final Posts posts;
  private final Channels channels;
  private final BearerAuth auth;

  StreamRoutes(Posts posts, Channels channels, BearerAuth auth) {
    this.posts = posts;
    this.channels = channels;
    this.auth = auth;
  }

  void register(Javalin app) {
    app.post(
        "/stream/0/posts",
        ctx -> {
          Caller caller = auth.require(ctx, null);
          JsonBody body = JsonBody.of(ctx);
          Exchange.ok(
              ctx, posts.create(caller, body.string("text"), body.annotations("annotations")));
        });
    app.get(
        "/stream/0/posts/stream",
        ctx ->
            Exchange.page(ctx, posts.stream(auth.require(ctx, null), Exchange.pageRequest(ctx))));
    app.get(
        "/stream/0/posts/{id}",
        ctx -> {
          optionalCaller(ctx);
          Exchange.ok(ctx, posts.get(ctx.pathParam("id")));
        });
    app.delete(
        "/stream/0/posts/{id}",
        ctx -> Exchange.ok(ctx, posts.delete(auth.require(ctx, null), ctx.pathParam("id"))));
    app.get(
        "/stream/0/users/{id}/posts",
        ctx -> {
          Caller caller = optionalCaller(ctx);
          Exchange.page(ctx, posts.ofUser(caller, ctx.pathParam("id"), Exchange.pageRequest(ctx)));
        });
    app.patch(
        "/stream/0/users/me",
        ctx -> {
          Caller caller = auth.require(ctx, null);
          JsonBody body = JsonBody.of(ctx);
          Exchange.ok(ctx, posts.updateProfile(caller, body.string("name")));
        });

    app.post("/stream/0/channels", this::createChannel);
    app.get(
        "/stream/0/channels",
        ctx ->
            Exchange.page(ctx, channels.mine(auth.require(ctx, null), Exchange.pageRequest(ctx))));
    app.get(
        CHANNEL, ctx -> Exchange.ok(ctx, channels.get(optionalCaller(ctx), ctx.pathParam("id"))));
    app.post(
        CHANNEL + "/messages",
        ctx -> {
          Caller caller = optionalCaller(ctx);
          JsonBody body = JsonBody.of(ctx);
          Exchange.ok(
              ctx,
              channels.post(
                  caller,
                  ctx.pathParam("id"),
                  body.string("text"),
                  body.annotations("annotations")));
        });
    app.get(
        CHANNEL + "/messages",
        ctx -> {
          Caller caller = optionalCaller(ctx);
          Exchange.page(
              ctx, channels.messages(caller, ctx.pathParam("id"), Exchange.pageRequest(ctx)));
        });
    app.delete(
        CHANNEL + "/messages/{message_id}",
        ctx ->
            Exchange.ok(
                ctx,
                channels.deleteMessage(
                    optionalCaller(ctx), ctx.pathParam("id"), ctx.pathParam("message_id"))));
  }

  private void createChannel(Context ctx) {
    Caller caller = auth.require(ctx, null);
    JsonBody body = JsonBody.of(ctx);
    Exchange.ok(
        ctx,
        channels.create(
            caller,
            body.string("type"),
            access(body.object("readers")),
            access(body.object("editors")),
            body.annotations("annotations")));
  }

  private static AccessRequest access(JsonBody acl) {
    return acl == null
        ? null
        : new AccessRequest(acl.bool("public"), acl.bool("any_user"), acl.strings("user_ids"));
  }

  /** The caller when the request carries a token (which must then be good), else null. */
  private Caller optionalCaller(Context ctx) {
    String header = ctx.header("Authorization");
    return header == null ? null : auth.authenticate(ctx);
  }
}
