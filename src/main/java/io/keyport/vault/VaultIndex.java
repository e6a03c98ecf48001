package io.keyport.vault;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyport.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's index: a plain JSON file listing what the keychain holds — server, account, app,
 * client id, scopes, created, last four characters, expiry — and never a secret. Every write goes
 * to a temporary file in the same folder and is moved over the index, so a reader sees either the
 * old or the new file, never half of one.
 */
final class VaultIndex {
  static final String FILE_NAME = "vault-index.json";
  private static final Logger LOG = LoggerFactory.getLogger(VaultIndex.class);
  private static final int FORMAT = 1;

  private final Path folder;
  private final Path file;

  VaultIndex(Path folder) {
    this.folder = folder;
    this.file = folder.resolve(FILE_NAME);
  }

  Path file() {
    return file;
  }

  /** The lines of the index; none when there is no index yet or it cannot be read. */
  List<VaultEntry> read() {
    try {
      return parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "The vault index {} cannot be read ({}); listing no tokens",
          file,
          e.getClass().getSimpleName());
      return List.of();
    }
  }

  /** Replaces the index with {@code entries}, atomically. An unreadable old index is kept aside. */
  void write(List<VaultEntry> entries) {
    try {
      createFolder();
      keepAsideIfUnreadable();
      List<Line> lines = new ArrayList<>();
      for (VaultEntry e : entries) {
        lines.add(Line.of(e));
      }
      byte[] bytes = Mapper.JSON.writeValueAsBytes(new IndexFile(FORMAT, lines));
      Path temp = Files.createTempFile(folder, "." + FILE_NAME + "-", ".tmp");
      try {
        try (FileChannel out =
            FileChannel.open(
                temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          out.write(ByteBuffer.wrap(bytes));
          out.force(true);
        }
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the token index " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Reads the file with Jackson's streaming parser, not the mapper: reading is what the command
   * line does on every call, and the mapper's ~550 more classes cost ~250 ms there. Unknown fields
   * are ignored, as the mapper would.
   */
  private List<VaultEntry> parse(byte[] bytes) throws IOException {
    List<VaultEntry> out = new ArrayList<>();
    try (JsonParser p = Reading.FACTORY.createParser(bytes)) {
      require(p, p.nextToken() == JsonToken.START_OBJECT, "an object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("tokens".equals(field) && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            VaultEntry entry = readLine(p).toEntry();
            if (entry != null) {
              out.add(entry);
            }
          }
          require(p, p.currentToken() == JsonToken.END_ARRAY, "a list of token lines");
        } else {
          p.skipChildren();
        }
      }
      require(p, p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null, "one object");
    }
    return out;
  }

  private static Line readLine(JsonParser p) throws IOException {
    String server = null;
    String account = null;
    String clientId = null;
    String appName = null;
    List<String> scopes = null;
    Instant createdAt = null;
    String last4 = null;
    Instant expiresAt = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "server" -> server = p.getValueAsString();
        case "account" -> account = p.getValueAsString();
        case "client_id" -> clientId = p.getValueAsString();
        case "app_name" -> appName = p.getValueAsString();
        case "last4" -> last4 = p.getValueAsString();
        case "created_at" -> createdAt = instant(p.getValueAsString());
        case "expires_at" -> expiresAt = instant(p.getValueAsString());
        case "scopes" -> {
          if (value == JsonToken.START_ARRAY) {
            scopes = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              require(p, p.currentToken() == JsonToken.VALUE_STRING, "scope names");
              scopes.add(p.getText());
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    require(p, p.currentToken() == JsonToken.END_OBJECT, "a token line");
    return new Line(server, account, clientId, appName, scopes, createdAt, last4, expiresAt);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static void require(JsonParser p, boolean ok, String what) throws IOException {
    if (!ok) {
      throw new JsonParseException(p, "the index is not " + what);
    }
  }

  private void createFolder() throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  /**
   * A broken index is moved aside rather than overwritten, so what it listed is not lost to a
   * human.
   */
  private void keepAsideIfUnreadable() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try {
      parse(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      Path aside = folder.resolve(FILE_NAME + ".unreadable-" + Instant.now().toEpochMilli());
      Files.move(file, aside);
      LOG.warn(
          "The vault index {} could not be read; kept it as {} and started a new one", file, aside);
    }
  }

  /** The file: a format number and the lines. */
  record IndexFile(int format, List<Line> tokens) {}

  /** One line, flat, as it is on disk. */
  record Line(
      String server,
      String account,
      String clientId,
      String appName,
      List<String> scopes,
      Instant createdAt,
      String last4,
      Instant expiresAt) {

    static Line of(VaultEntry e) {
      return new Line(
          e.key().server(),
          e.key().account(),
          e.key().clientId(),
          e.appName(),
          e.scopes(),
          e.createdAt(),
          e.last4(),
          e.expiresAt());
    }

    VaultEntry toEntry() {
      if (isBlank(server) || isBlank(account) || isBlank(clientId)) {
        return null;
      }
      return new VaultEntry(
          new VaultKey(server, account, clientId), appName, scopes, createdAt, last4, expiresAt);
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }
  }

  private static final class Reading {
    static final JsonFactory FACTORY = new JsonFactory();
  }

  /** Made at the first write, not with the vault: a mapper's classes are ~100 ms at start-up. */
  private static final class Mapper {
    static final ObjectMapper JSON = Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);
  }
}
