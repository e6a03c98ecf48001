package io.keyport.desktop.session;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link Settings.Values} as {@code settings.json} in the config folder. Blocking: call it
 * on a background task (or before the toolkit starts). With no folder (tests) it keeps them in memory.
 */
public final class SettingsStore {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
  public static final String FILE_NAME = "settings.json";
  private static final String WINDOW_WIDTH = "windowWidth";
  private static final String WINDOW_HEIGHT = "windowHeight";

  private final Path file;
  private volatile Settings.Values memory = Settings.Values.defaults();
  private volatile WindowSize windowSize;

  private SettingsStore(Path file) {
    this.file = file;
  }

  /** Settings kept in {@code configDir/settings.json}. */
  public static SettingsStore in(Path configDir) {
    return new SettingsStore(configDir.resolve(FILE_NAME));
  }

  /** Settings kept only for this run. */
  public static SettingsStore inMemory() {
    return new SettingsStore(null);
  }

  /** The saved settings, or the defaults when there are none or the file cannot be read. */
  public Settings.Values load() {
    if (file == null) {
      return memory;
    }
    if (!Files.isRegularFile(file)) {
      return Settings.Values.defaults();
    }
    try {
      JsonNode tree = Mapper.JSON.readTree(file.toFile());
      windowSize = readWindowSize(tree);
      return Mapper.JSON.treeToValue(tree, Settings.Values.class).sane();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot read the settings in {}; using the defaults ({})", file, e.getClass().getSimpleName());
      return Settings.Values.defaults();
    }
  }

  public void save(Settings.Values values) throws IOException {
    if (file == null) {
      memory = values.sane();
      return;
    }
    write((ObjectNode) Mapper.JSON.valueToTree(values.sane()));
  }

  /**
   * The main window's size when it was last closed, as the last {@link #load()} or
   * {@link #saveWindowSize} had it (no disk access: the JavaFX thread may ask); empty when none.
   */
  public Optional<WindowSize> windowSize() {
    return Optional.ofNullable(windowSize);
  }

  /** Keeps the main window's size for the next launch, beside the other settings. */
  public void saveWindowSize(WindowSize size) throws IOException {
    if (!size.sane()) {
      return;
    }
    windowSize = size;
    if (file == null) {
      return;
    }
    ObjectNode changes = Mapper.JSON.createObjectNode();
    changes.put(WINDOW_WIDTH, size.width());
    changes.put(WINDOW_HEIGHT, size.height());
    write(changes);
  }

  private static WindowSize readWindowSize(JsonNode tree) {
    JsonNode width = tree.get(WINDOW_WIDTH);
    JsonNode height = tree.get(WINDOW_HEIGHT);
    if (width == null || height == null || !width.isNumber() || !height.isNumber()) {
      return null;
    }
    WindowSize size = new WindowSize(width.asDouble(), height.asDouble());
    return size.sane() ? size : null;
  }

  /** Writes {@code changes} over the file's fields (others stay), atomically. */
  private void write(ObjectNode changes) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "settings", ".tmp");
    try {
      ObjectNode merged = existing();
      merged.setAll(changes);
      Mapper.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), merged);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The file as it is, so that fields others keep in it survive a save. */
  private ObjectNode existing() {
    try {
      JsonNode node = Files.isRegularFile(file) ? Mapper.JSON.readTree(file.toFile()) : null;
      return node instanceof ObjectNode object ? object : Mapper.JSON.createObjectNode();
    } catch (IOException e) {
      return Mapper.JSON.createObjectNode();
    }
  }

  /** Where the settings live, for messages; null when in memory. */
  public Path file() {
    return file;
  }

  /**
   * camelCase keys, as the front door's TeamServerSetting reads and writes {@code teamServerUrl} in the
   * same file. Made when a settings file is first read or written: with none there is nothing to parse,
   * and a mapper's classes are ~100 ms at start-up.
   */
  private static final class Mapper {
    static final ObjectMapper JSON = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }
}
