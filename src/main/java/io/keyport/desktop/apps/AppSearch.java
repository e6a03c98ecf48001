package io.keyport.desktop.apps;

import io.keyport.api.App;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which loaded apps a filter text matches: those whose name, website or client ID contains it,
 * ignoring case. The lower-cased keys are made once per load, and a search narrows: the apps that
 * match "abc" are among those that matched "ab" (or any remembered text inside "abc"), so only
 * those are tested; a text searched lately (typing back over it) is not searched again.
 */
final class AppSearch {
  /** How many remembered matches (app positions) are kept at most, over all remembered texts. */
  private static final int REMEMBERED_POSITIONS = 100_000;

  private String[] keys = new String[0];

  /**
   * Recent needles and the ascending positions of the apps they match, least recently used first.
   */
  private final LinkedHashMap<String, int[]> recent = new LinkedHashMap<>(16, 0.75f, true);

  private int rememberedPositions;

  /** Takes a new list of apps: the positions {@link #matches} returns are positions in it. */
  void load(List<? extends App> apps) {
    String[] next = new String[apps.size()];
    for (int i = 0; i < next.length; i++) {
      next[i] = searchKey(apps.get(i));
    }
    keys = next;
    recent.clear();
    rememberedPositions = 0;
  }

  int size() {
    return keys.length;
  }

  /**
   * The ascending positions of the apps whose key contains {@code needle} (a {@link #needle}), or
   * null when the needle is empty: then every app matches. The array is shared: do not change it.
   */
  int[] matches(String needle) {
    if (needle.isEmpty()) {
      return null;
    }
    int[] known = recent.get(needle);
    if (known != null) {
      return known;
    }
    // Any remembered needle inside this one matched a superset: test the smallest such set only.
    int[] candidates = null;
    for (Map.Entry<String, int[]> e : recent.entrySet()) {
      if (needle.contains(e.getKey())
          && (candidates == null || e.getValue().length < candidates.length)) {
        candidates = e.getValue();
      }
    }
    int[] found;
    if (candidates == null) {
      int[] hits = new int[keys.length];
      int n = 0;
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].contains(needle)) {
          hits[n++] = i;
        }
      }
      found = Arrays.copyOf(hits, n);
    } else {
      int[] hits = new int[candidates.length];
      int n = 0;
      for (int i : candidates) {
        if (keys[i].contains(needle)) {
          hits[n++] = i;
        }
      }
      found = Arrays.copyOf(hits, n);
    }
    remember(needle, found);
    return found;
  }

  private void remember(String needle, int[] found) {
    recent.put(needle, found);
    rememberedPositions += found.length;
    Iterator<int[]> eldest = recent.values().iterator();
    while (rememberedPositions > REMEMBERED_POSITIONS && recent.size() > 1) {
      rememberedPositions -= eldest.next().length;
      eldest.remove();
    }
  }

  /** The text the filter field holds, as the search compares it: stripped, in lower case. */
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
