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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link Settings.Values} as {@code settings.json} in the config folder. Blocking: call it
 * on a background task (or before the toolkit starts). With no folder (tests) it keeps them in memory.
 */
public final class SettingsStore {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
  public static final String FILE_NAME = "settings.json";

  private final Path file;
  private volatile Settings.Values memory = Settings.Values.defaults();

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
      return Mapper.JSON.readValue(file.toFile(), Settings.Values.class).sane();
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
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "settings", ".tmp");
    try {
      ObjectNode merged = existing();
      merged.setAll((ObjectNode) Mapper.JSON.valueToTree(values.sane()));
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
