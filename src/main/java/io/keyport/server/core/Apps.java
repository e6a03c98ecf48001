package io.keyport.server.core;

import io.keyport.api.App;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.server.store.AppStore;
import io.keyport.server.store.AppStore.AppRow;
import java.util.List;

/** The rules for a developer's apps. */
public final class Apps {
  private final AppStore store;

  public Apps(AppStore store) {
    this.store = store;
  }

  public Page<App> list(long ownerId, PageRequest page) {
    Long before = parseId("before_id", page.beforeId());
    Long since = parseId("since_id", page.sinceId());
    List<AppRow> rows = store.listByOwner(ownerId, before, since, page.count() + 1);
    boolean more = rows.size() > page.count();
    List<App> apps = rows.stream().limit(page.count()).map(Apps::toApp).toList();
    String min = apps.isEmpty() ? null : apps.get(apps.size() - 1).id();
    String max = apps.isEmpty() ? null : apps.get(0).id();
    return new Page<>(apps, min, max, more);
  }

  static App toApp(AppRow row) {
    return new App(Long.toString(row.id()), row.clientId(), row.name(), row.website(),
        row.callbackUrls(), row.createdAt(), row.updatedAt(), Long.toString(row.version()));
  }

  static Long parseId(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      long id = Long.parseLong(value);
      if (id < 0) {
        throw ApiFailure.invalid(field, "must be a non-negative id");
      }
      return id;
    } catch (NumberFormatException e) {
      throw ApiFailure.invalid(field, "must be a string of digits");
    }
  }
}
