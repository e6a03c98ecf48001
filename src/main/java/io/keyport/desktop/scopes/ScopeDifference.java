package io.keyport.desktop.scopes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a regenerated token gains and loses against the current one (UX.md 13): the scopes checked
 * now that the current token lacks, and those it has that are no longer checked, each in the order
 * given.
 */
public record ScopeDifference(List<String> added, List<String> removed) {
  public ScopeDifference {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /** From the {@code current} token's scopes to the {@code chosen} ones. */
  public static ScopeDifference between(Collection<String> current, Collection<String> chosen) {
    List<String> added = new ArrayList<>(chosen);
    added.removeAll(current);
    List<String> removed = new ArrayList<>(current);
    removed.removeAll(chosen);
    return new ScopeDifference(
        added.stream().distinct().toList(), removed.stream().distinct().toList());
  }

  /** True when the new token gets exactly the current one's scopes. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty();
  }

  /** "+ public_messages − files": the added scopes, then the removed ones. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    added.forEach(s -> parts.add("+ " + s));
    removed.forEach(s -> parts.add("− " + s));
    return String.join("  ", parts);
  }
}
