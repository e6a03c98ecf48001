package io.keyport.desktop.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The filter of Your Apps: the narrowing search finds what a plain scan of every app finds, and the
 * list shows what the FilteredList it replaced showed, with the same change events and the same
 * selection in the table, typing forwards, backwards and across reloads.
 */
class MatchedAppsTest {
  private static final String LETTERS = "aAbBeE1 9.:/-xİı";

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void narrowingThenWideningFindsWhatAFreshSearchFinds() {
    List<App> apps = apps(new Random(1), 500);
    AppSearch search = new AppSearch();
    search.load(apps);
    for (String needle :
        List.of("a", "ap", "app", "app 1", "app 12", "app 1", "app", "ap", "a", "", "pp", "app")) {
      assertThat(positions(search, needle, apps.size())).as(needle).isEqualTo(scan(apps, needle));
      AppSearch fresh = new AppSearch();
      fresh.load(apps);
      assertThat(positions(search, needle, apps.size()))
          .as(needle)
          .isEqualTo(positions(fresh, needle, apps.size()));
    }
  }

  @Test
  void randomTypingAndErasingAlwaysMatchesAPlainScan() {
    Random random = new Random(7);
    List<App> apps = apps(random, 2_000);
    AppSearch search = new AppSearch();
    search.load(apps);
    StringBuilder typed = new StringBuilder();
    for (int step = 0; step < 3_000; step++) {
      int roll = random.nextInt(10);
      if (roll < 6 || typed.length() == 0) {
        typed.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
      } else if (roll < 9) {
        typed.setLength(typed.length() - 1);
      } else {
        typed.setLength(0);
      }
      String needle = AppSearch.needle(typed.toString());
      assertThat(positions(search, needle, apps.size()))
          .as("step %d: %s", step, needle)
          .isEqualTo(scan(apps, needle));
    }
  }

  @Test
  void aReloadForgetsTheMatchesOfTheOldList() {
    List<App> first = apps(new Random(3), 300);
    List<App> second = apps(new Random(4), 200);
    AppSearch search = new AppSearch();
    search.load(first);
    assertThat(positions(search, "app 1", first.size())).isEqualTo(scan(first, "app 1"));
    search.load(second);
    assertThat(positions(search, "app 1", second.size())).isEqualTo(scan(second, "app 1"));
    assertThat(positions(search, "app 12", second.size())).isEqualTo(scan(second, "app 12"));
  }

  @Test
  void showsWhatTheFilteredListShowedWithTheSameChangesAndSelection() throws Exception {
    for (boolean sorted : new boolean[] {false, true}) {
      Random random = new Random(sorted ? 11 : 12);
      List<App> loaded = apps(random, 400);
      onFx(
          () -> {
            Pipeline old = new Pipeline(loaded, sorted, false);
            Pipeline now = new Pipeline(loaded, sorted, true);
            StringBuilder typed = new StringBuilder();
            for (int step = 0; step < 400; step++) {
              int roll = random.nextInt(20);
              if (roll == 0) {
                List<App> reloaded = apps(random, 300 + random.nextInt(200));
                old.reload(reloaded);
                now.reload(reloaded);
              } else if (roll == 1) {
                int row = random.nextInt(Math.max(1, old.table.getItems().size()));
                old.table.getSelectionModel().select(row);
                now.table.getSelectionModel().select(row);
              } else if (roll < 13 || typed.length() == 0) {
                typed.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
              } else {
                typed.setLength(typed.length() - 1);
              }
              old.filter(typed.toString());
              now.filter(typed.toString());
              String at = "step " + step + " (sorted " + sorted + "), filter \"" + typed + "\"";
              assertThat(now.table.getItems())
                  .as(at)
                  .containsExactlyElementsOf(old.table.getItems());
              assertThat(now.changes).as(at).isEqualTo(old.changes);
              assertThat(now.table.getSelectionModel().getSelectedItem())
                  .as(at)
                  .isSameAs(old.table.getSelectionModel().getSelectedItem());
              assertThat(now.table.getSelectionModel().getSelectedIndices())
                  .as(at)
                  .containsExactlyElementsOf(old.table.getSelectionModel().getSelectedIndices());
            }
            return null;
          });
    }
  }

  /**
   * The filter before (FilteredList with a predicate) or now (MatchedApps), behind a sorted table.
   */
  private static final class Pipeline {
    final ObservableList<App> apps = FXCollections.observableArrayList();
    final TableView<App> table = new TableView<>();
    final List<String> changes = new ArrayList<>();
    private final Consumer<String> filter;

    Pipeline(List<App> loaded, boolean sorted, boolean matched) {
      apps.setAll(loaded);
      ObservableList<App> filtered;
      if (matched) {
        MatchedApps m = new MatchedApps(apps);
        filter = m::filter;
        filtered = m;
      } else {
        FilteredList<App> f = new FilteredList<>(apps);
        filter =
            text -> {
              String needle = AppSearch.needle(text);
              f.setPredicate(
                  needle.isEmpty() ? null : app -> AppSearch.searchKey(app).contains(needle));
            };
        filtered = f;
      }
      filtered.addListener(
          (ListChangeListener<App>)
              c -> {
                while (c.next()) {
                  changes.add(
                      c.getFrom()
                          + "-"
                          + c.getTo()
                          + " perm "
                          + c.wasPermutated()
                          + " removed "
                          + c.getRemoved().stream().map(App::id).toList()
                          + " added "
                          + c.getAddedSubList().stream().map(App::id).toList());
                }
              });
      TableColumn<App, String> name = new TableColumn<>("Name");
      name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
      table.getColumns().add(name);
      SortedList<App> sortedList = new SortedList<>(filtered);
      sortedList.comparatorProperty().bind(table.comparatorProperty());
      table.setItems(sortedList);
      if (sorted) {
        name.setSortType(TableColumn.SortType.DESCENDING);
        table.getSortOrder().add(name);
      }
    }

    void filter(String text) {
      filter.accept(text);
    }

    void reload(List<App> loaded) {
      apps.setAll(loaded);
    }
  }

  private static List<Integer> positions(AppSearch search, String needle, int size) {
    int[] found = search.matches(needle);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (found == null) {
        out.add(i);
      }
    }
    if (found != null) {
      for (int i : found) {
        out.add(i);
      }
    }
    return out;
  }

  private static List<Integer> scan(List<App> apps, String needle) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < apps.size(); i++) {
      if (AppSearch.searchKey(apps.get(i)).contains(needle)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Apps with names, websites and client IDs drawn from a few letters, so that texts match often.
   */
  private static List<App> apps(Random random, int count) {
    List<App> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "App " + random.nextInt(1000) + " " + word(random);
      String website =
          random.nextInt(5) == 0 ? null : "https://" + word(random) + ".example/" + word(random);
      String clientId = "kp_" + Long.toHexString(random.nextLong());
      out.add(
          new App(
              String.valueOf(i + 1),
              clientId,
              name,
              website,
              List.of(),
              Instant.EPOCH,
              Instant.EPOCH,
              "1"));
    }
    return out;
  }

  private static String word(Random random) {
    StringBuilder w = new StringBuilder();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      w.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    }
    return w.toString().strip();
  }

  private static <T> T onFx(Callable<T> call) throws Exception {
    return WaitForAsyncUtils.asyncFx(call).get();
  }
}
