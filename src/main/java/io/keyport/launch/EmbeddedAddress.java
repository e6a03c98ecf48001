package io.keyport.launch;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where the desktop's embedded server listens this launch (port 8470 or the next free one), kept in
 * the data folder so that scripts ({@code keyport run}) can point {@code KEYPORT_API} at it. Only a
 * loopback http URL is ever read back.
 */
public final class EmbeddedAddress {
  static final String FILE = "embedded-server.url";

  private EmbeddedAddress() {}

  /** Records {@code baseUrl}; a failure only costs scripts the address, so it is not thrown. */
  static void write(Path dataDir, URI baseUrl) {
    try {
      Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
      Files.writeString(tmp, baseUrl + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      // scripts fall back to the default port
    }
  }

  /** The address the last launch recorded, if it is a loopback http URL. */
  public static Optional<String> read(Path dataDir) {
    try {
      String text = Files.readString(dataDir.resolve(FILE), StandardCharsets.US_ASCII).trim();
      URI uri = URI.create(text);
      boolean loopback =
          "http".equals(uri.getScheme())
              && ("127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost()))
              && uri.getPort() > 0
              && uri.getRawUserInfo() == null;
      return loopback
          ? Optional.of("http://" + uri.getHost() + ":" + uri.getPort())
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
