package io.keyport.desktop.session;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link Settings.Values} as {@code settings.json} in the config folder, and the team server
 * the launch signs in to ({@code teamServerUrl}, only a URL, never a token). The one reader and
 * writer of that file: each change reads it, changes its own fields and writes it whole through a
 * temporary file, so fields it does not know survive. Blocking: call it on a background task (or
 * before the toolkit starts). With no folder (tests) it keeps them in memory.
 */
public final class SettingsStore {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
  public static final String FILE_NAME = "settings.json";
  static final String TEAM_SERVER_FIELD = "teamServerUrl";
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
      LOG.warn(
          "Cannot read the settings in {}; using the defaults ({})",
          file,
          e.getClass().getSimpleName());
      return Settings.Values.defaults();
    }
  }

  public synchronized void save(Settings.Values values) throws IOException {
    if (file == null) {
      memory = values.sane();
      return;
    }
    write(settings -> settings.setAll((ObjectNode) Mapper.JSON.valueToTree(values.sane())));
  }

  /** The team server to sign in to at launch; empty when none is set or it is not a URL. */
  public synchronized Optional<URI> teamServer() {
    String url;
    if (file == null) {
      url = memory.teamServerUrl();
    } else {
      JsonNode value = existing().get(TEAM_SERVER_FIELD);
      url = value == null || !value.isTextual() ? "" : value.asText();
    }
    if (url.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(url.strip()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Remembers {@code server} as the team server, or forgets it when empty; other fields stay. */
  public synchronized void setTeamServer(Optional<URI> server) {
    if (file == null) {
      Settings.Values v = memory;
      memory =
          new Settings.Values(
                  v.clipboardClearSeconds(),
                  v.revealTimeoutSeconds(),
                  v.theme(),
                  server.map(URI::toString).orElse(""))
              .sane();
      return;
    }
    try {
      write(
          settings -> {
            if (server.isPresent()) {
              settings.put(TEAM_SERVER_FIELD, server.get().toString());
            } else {
              settings.putNull(TEAM_SERVER_FIELD);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the settings file " + file, e);
    }
  }

  /**
   * The main window's size when it was last closed, as the last {@link #load()} or {@link
   * #saveWindowSize} had it (no disk access: the JavaFX thread may ask); empty when none.
   */
  public Optional<WindowSize> windowSize() {
    return Optional.ofNullable(windowSize);
  }

  /** Keeps the main window's size for the next launch, beside the other settings. */
  public synchronized void saveWindowSize(WindowSize size) throws IOException {
    if (!size.sane()) {
      return;
    }
    windowSize = size;
    if (file == null) {
      return;
    }
    write(
        settings -> {
          settings.put(WINDOW_WIDTH, size.width());
          settings.put(WINDOW_HEIGHT, size.height());
        });
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

  /**
   * Reads the file, lets {@code change} edit it, and replaces the file with the result in one move.
   */
  private void write(Consumer<ObjectNode> change) throws IOException {
    ObjectNode settings = existing();
    change.accept(settings);
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp = Files.createTempFile(folder, "settings", ".tmp");
    try {
      Mapper.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), settings);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The file as it is, so that fields others keep in it survive a save; an empty object when there
   * is none or it cannot be read (an unreadable file means no team server: the embedded one works).
   */
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
   * camelCase keys, as {@link Settings.Values} names them. Made when a settings file is first read
   * or written: with none there is nothing to parse, and a mapper's classes are ~100 ms at
   * start-up.
   */
  private static final class Mapper {
    static final ObjectMapper JSON =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }
}
