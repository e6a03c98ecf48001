package io.keyport.api;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * App.net's user-grantable scopes, in App.net's order, plus Keyport's internal {@code developer}.
 */
public final class Scopes {
  private Scopes() {}

  public static final String BASIC = "basic";
  public static final String EXPORT = "export";

  /** Lets a token manage its user's apps; only the first-party desktop client may hold it. */
  public static final String DEVELOPER = "developer";

  /** The public first-party client: the only one the password grant accepts. */
  public static final String DESKTOP_CLIENT_ID = "keyport-desktop";

  public static final List<Scope> GRANTABLE =
      List.of(
          new Scope("basic", "See your basic profile information.", false),
          new Scope("stream", "Read your stream.", false),
          new Scope("write_post", "Create posts on your behalf.", false),
          new Scope("follow", "Follow and unfollow users for you.", false),
          new Scope("public_messages", "Send and receive public messages as you.", false),
          new Scope("messages", "Send and receive private messages as you.", false),
          new Scope("update_profile", "Update your name, images and profile.", false),
          new Scope("files", "Manage your files.", false),
          new Scope("export", "Bulk export all of your data, including private messages.", true));

  public static boolean isGrantable(String name) {
    return GRANTABLE.stream().anyMatch(s -> s.name().equals(name));
  }

  /**
   * The scopes in App.net's order, {@code basic} always first; unknown names are kept at the end.
   */
  public static List<String> normalize(Collection<String> requested) {
    Set<String> out = new LinkedHashSet<>();
    out.add(BASIC);
    for (Scope s : GRANTABLE) {
      if (requested.contains(s.name())) {
        out.add(s.name());
      }
    }
    for (String r : requested) {
      out.add(r);
    }
    return List.copyOf(out);
  }
}
