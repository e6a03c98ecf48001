package io.keyport.desktop.apps;

import io.keyport.api.App;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The loaded apps that the filter text matches, in the order loaded: those whose name, website or
 * client ID contains the text, ignoring case. A {@link FilteredList} testing every app at every
 * keystroke; each app's lower-cased search key is made once per load.
 *
 * <p>Measured with the scale bench (10,000 apps, {@code mvn -Pbench verify -Dbench.only=scale}),
 * against the narrowing search with remembered matches it replaced: see the figures in the commit
 * that brought this class and in README "Performance".
 */
final class AppFilter {
  private final Map<App, String> keys = new IdentityHashMap<>();
  private final FilteredList<App> shown;

  AppFilter(ObservableList<App> apps) {
    // added before the FilteredList's own listener, so the keys are new when it tests the apps
    apps.addListener((ListChangeListener<App>) c -> load(apps));
    load(apps);
    shown = new FilteredList<>(apps);
  }

  /** The apps shown. */
  ObservableList<App> shown() {
    return shown;
  }

  /** Shows the apps that {@code text} (as typed in the filter field) matches; all when it is blank. */
  void filter(String text) {
    String needle = needle(text);
    shown.setPredicate(needle.isEmpty() ? null : app -> keys.get(app).contains(needle));
  }

  private void load(ObservableList<App> apps) {
    keys.clear();
    for (App app : apps) {
      keys.put(app, searchKey(app));
    }
  }

  /** The text the filter field holds, as compared: stripped, in lower case. */
  static String needle(String text) {
    return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * What the filter matches in: name, website and client ID in lower case, one per line (a needle
   * is stripped one-line text, so it never spans two of them).
   */
  static String searchKey(App app) {
    return (orEmpty(app.name()) + "\n" + orEmpty(app.website()) + "\n" + orEmpty(app.clientId()))
        .toLowerCase(Locale.ROOT);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
