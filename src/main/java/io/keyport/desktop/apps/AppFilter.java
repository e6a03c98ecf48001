package io.keyport.desktop.apps;

import io.keyport.api.App;
import javafx.collections.ObservableList;

/**
 * The loaded apps that the filter text matches (name, website or client ID contains it, ignoring
 * case), in the order loaded: the seam for the speed work behind Your Apps' filter.
 *
 * <p>Behind it is {@link MatchedApps}: the narrowing search of {@link AppSearch} over keys made
 * once per load, firing the changes a {@code FilteredList} would. The plain {@code FilteredList}
 * over the same keys (a predicate tested on every app at every keystroke) was measured against it
 * with the scale bench ({@code mvn -Pbench verify -Dbench.only=scale}, 10,000 apps, one session on
 * 2 shared cores at a load average of 23-37): key handler + filtering median 18.1 / 14.5 ms (java
 * -jar / packaged options) against 1.7 / 1.2 ms, and the keystroke typed at a random moment in a
 * frame, median 146 / 89.3 ms against 98.1 / 44.4 ms. Keep the narrowing until a simpler version
 * measures the same.
 */
interface AppFilter {
  /** The apps shown. */
  ObservableList<App> shown();

  /**
   * Shows the apps that {@code text} (as typed in the filter field) matches; all when it is blank.
   */
  void filter(String text);

  /** The filter over {@code apps}, following their changes. */
  static AppFilter over(ObservableList<App> apps) {
    return new MatchedApps(apps);
  }
}
