package io.keyport.server.crypto;

import io.keyport.server.DataFolder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's master key: 32 random bytes kept outside the database, so that a copy of the
 * database alone reveals no client secret. Taken from {@code KEYPORT_MASTER_KEY} (base64) when set
 * — every instance of a team server on one database needs the same key — else from the file {@code
 * master.key} in the data folder, created on first start readable by its owner only ({@code
 * rw-------}). The keys actually used are derived from it, one per purpose.
 */
public final class MasterKey {
  private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
  public static final String ENV = "KEYPORT_MASTER_KEY";
  public static final String FILE_NAME = "master.key";
  static final int BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final byte[] key;

  private MasterKey(byte[] key) {
    this.key = key;
  }

  /**
   * The key from {@code envValue} if not null, else from (or newly into) {@code
   * dataDir}/master.key.
   */
  public static MasterKey load(String envValue, Path dataDir) {
    if (envValue != null && !envValue.isBlank()) {
      return new MasterKey(decode(envValue.strip(), ENV));
    }
    if (dataDir == null) {
      throw new IllegalStateException(
          "No master key: set " + ENV + " or give a data folder (--data)");
    }
    return new MasterKey(fromFile(dataDir.resolve(FILE_NAME)));
  }

  public static MasterKey of(byte[] key) {
    if (key.length != BYTES) {
      throw new IllegalArgumentException("a master key is " + BYTES + " bytes");
    }
    return new MasterKey(key.clone());
  }

  /**
   * What tells two keys apart without revealing either: HMAC-SHA256 of a fixed text under the key,
   * in hex. Kept in the database, so that an instance started with another key notices.
   */
  public String fingerprint() {
    return HexFormat.of().formatHex(derive("keyport master key fingerprint v1"));
  }

  /** A key for one purpose: HMAC-SHA256(master, purpose). */
  byte[] derive(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] decode(String base64, String where) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + " is not base64");
    }
    if (key.length != BYTES) {
      throw new IllegalStateException(
          where + " must hold " + BYTES + " bytes (base64), holds " + key.length);
    }
    return key;
  }

  private static byte[] fromFile(Path file) {
    try {
      DataFolder.create(file.getParent());
      if (!Files.exists(file)) {
        create(file);
      }
      tighten(file);
      return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the master key " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] fresh = new byte[BYTES];
    new SecureRandom().nextBytes(fresh);
    byte[] text = Base64.getEncoder().encode(fresh);
    boolean posix = Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
    try {
      if (posix) {
        // Created owner-only from the first byte: never readable by others, not even briefly.
        FileAttribute<Set<PosixFilePermission>> attr =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        Files.createFile(file, attr);
      } else {
        Files.createFile(file);
        File f = file.toFile();
        f.setReadable(false, false);
        f.setWritable(false, false);
        f.setReadable(true, true);
        f.setWritable(true, true);
      }
    } catch (FileAlreadyExistsException raced) {
      return; // another process made it first; use theirs
    }
    Files.write(
        file,
        text,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.SYNC);
    LOG.info("Created the master key {} (owner-only); keep it with backups of the database", file);
  }

  /** A master key readable by others is made owner-only again, with a warning. */
  private static void tighten(Path file) throws IOException {
    if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(now)) {
      LOG.warn(
          "The master key {} was readable by others ({}); made it owner-only",
          file,
          PosixFilePermissions.toString(now));
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
  }

  @Override
  public String toString() {
    return "MasterKey[****]";
  }
}
