package io.keyport.desktop.apps;

import io.keyport.api.App;
import java.util.Arrays;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

/**
 * The loaded apps that the filter text matches, in the order loaded: what a {@code FilteredList}
 * with a "key contains the text" predicate shows, and the same change events (each new text: one
 * change replacing all shown before with all shown now), but the matching is an {@link AppSearch}
 * instead of the predicate tested on every app at every keystroke.
 */
final class MatchedApps extends TransformationList<App, App> implements AppFilter {
  private final AppSearch search = new AppSearch();
  private String needle = "";

  /** Positions in the source of the apps shown, ascending; null: all of them. */
  private int[] shown;

  /** The apps shown (kept: when the source changes, the change must name those shown before). */
  private App[] items;

  MatchedApps(ObservableList<App> source) {
    super(source);
    search.load(source);
    items = source.toArray(new App[0]);
  }

  @Override
  public ObservableList<App> shown() {
    return this;
  }

  @Override
  public void filter(String text) {
    String next = AppSearch.needle(text);
    // As FilteredList.setPredicate: no filter (an empty text) after no filter changes nothing.
    if (next.isEmpty() && needle.isEmpty()) {
      return;
    }
    needle = next;
    List<App> removed = Arrays.asList(items);
    match();
    // The very change FilteredList fires for a new predicate: one replacement of all, even an empty
    // one.
    fireChange(new Replaced(this, removed, items.length));
  }

  @Override
  protected void sourceChanged(ListChangeListener.Change<? extends App> c) {
    search.load(getSource());
    List<App> removed = Arrays.asList(items);
    match();
    beginChange();
    if (!removed.isEmpty()) {
      nextRemove(0, removed);
    }
    if (items.length > 0) {
      nextAdd(0, items.length);
    }
    endChange();
  }

  private void match() {
    shown = search.matches(needle);
    List<? extends App> source = getSource();
    App[] next = new App[shown == null ? source.size() : shown.length];
    for (int i = 0; i < next.length; i++) {
      next[i] = source.get(shown == null ? i : shown[i]);
    }
    items = next;
  }

  @Override
  public int getSourceIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    return shown == null ? index : shown[index];
  }

  @Override
  public int getViewIndex(int index) {
    if (shown == null) {
      return index < getSource().size() ? index : -1;
    }
    int at = Arrays.binarySearch(shown, index);
    return at >= 0 ? at : -1;
  }

  @Override
  public App get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }

  /** All that was shown replaced by all that is shown now, as one change. */
  private static final class Replaced extends ListChangeListener.Change<App> {
    private final List<App> removed;
    private final int to;
    private boolean onChange;

    Replaced(ObservableList<App> list, List<App> removed, int to) {
      super(list);
      this.removed = removed;
      this.to = to;
    }

    @Override
    public boolean next() {
      if (onChange) {
        return false;
      }
      onChange = true;
      return true;
    }

    @Override
    public void reset() {
      onChange = false;
    }

    @Override
    public int getFrom() {
      check();
      return 0;
    }

    @Override
    public int getTo() {
      check();
      return to;
    }

    @Override
    public List<App> getRemoved() {
      check();
      return removed;
    }

    @Override
    protected int[] getPermutation() {
      check();
      return new int[0];
    }

    private void check() {
      if (!onChange) {
        throw new IllegalStateException(
            "Invalid Change state: next() must be called before inspecting the Change.");
      }
    }
  }
}
