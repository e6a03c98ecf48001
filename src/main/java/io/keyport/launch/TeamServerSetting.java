package io.keyport.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The team server the desktop signs in to at launch: the {@code teamServerUrl} field of the
 * settings file in the config folder (other fields are left as they are). Only a URL, never a token.
 */
public final class TeamServerSetting {
  static final String FIELD = "teamServerUrl";

  private final Path file;

  public TeamServerSetting(Path file) {
    this.file = file;
  }

  public synchronized Optional<URI> get() {
    JsonNode value = read().get(FIELD);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(value.asText().strip()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Remembers {@code server}, or forgets the team server when empty. */
  public synchronized void set(Optional<URI> server) {
    ObjectNode settings = read();
    if (server.isPresent()) {
      settings.put(FIELD, server.get().toString());
    } else {
      settings.putNull(FIELD);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "settings", ".tmp");
      Mapper.JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), settings);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the settings file " + file, e);
    }
  }

  private ObjectNode read() {
    if (!Files.isRegularFile(file)) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = Mapper.JSON.readTree(file.toFile());
      return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      // an unreadable settings file means no team server: the embedded one still works
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /** Made when a settings file is read or written, not before: a mapper's classes are ~100 ms at start-up. */
  private static final class Mapper {
    static final ObjectMapper JSON = Json.mapper();
  }
}
