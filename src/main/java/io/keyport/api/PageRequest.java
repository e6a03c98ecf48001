package io.keyport.api;

/** App.net pagination: {@code count} (default 20, max 200), {@code before_id}, {@code since_id}. */
public record PageRequest(int count, String beforeId, String sinceId) {
  public static final int DEFAULT_COUNT = 20;
  public static final int MAX_COUNT = 200;

  public static PageRequest first() {
    return new PageRequest(DEFAULT_COUNT, null, null);
  }

  public static PageRequest first(int count) {
    return new PageRequest(count, null, null);
  }

  public PageRequest before(String id) {
    return new PageRequest(count, id, null);
  }
}
