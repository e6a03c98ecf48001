package io.keyport.desktop.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyport.api.Json;
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
  private final ObjectMapper json = Json.mapper();
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
      return json.readValue(file.toFile(), Settings.Values.class).sane();
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
      json.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), values.sane());
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Where the settings live, for messages; null when in memory. */
  public Path file() {
    return file;
  }
}
