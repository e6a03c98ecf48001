package io.keyport.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desktop per user. The first launch holds a lock on {@code instance.lock} in the config folder
 * and listens on a loopback port written, with a random key, to {@code instance.port} (readable by
 * the user only). A second launch finds the lock taken, sends {@code show <key>} to that port and
 * exits; the first brings its window to front.
 */
final class SingleInstance implements AutoCloseable {
  static final String LOCK_FILE = "instance.lock";
  static final String PORT_FILE = "instance.port";

  private final FileChannel channel;
  private final FileLock lock;
  private final ServerSocket socket;
  private final Path portFile;
  private final String key;
  private final AtomicReference<Runnable> onShow = new AtomicReference<>(() -> {});
  private final Thread listener;

  private SingleInstance(
      FileChannel channel, FileLock lock, ServerSocket socket, Path portFile, String key) {
    this.channel = channel;
    this.lock = lock;
    this.socket = socket;
    this.portFile = portFile;
    this.key = key;
    this.listener = new Thread(this::listen, "keyport-single-instance");
    listener.setDaemon(true);
    listener.start();
  }

  /**
   * Becomes the one instance, or, when another runs, asks it to come to front: then empty, and this
   * process should exit.
   */
  static Optional<SingleInstance> claim(Path configDir) {
    try {
      Files.createDirectories(configDir);
      FileChannel channel =
          FileChannel.open(
              configDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        if (askToShow(configDir.resolve(PORT_FILE))) {
          return Optional.empty();
        }
        // the other instance does not answer (starting up or hung): run anyway rather than not at
        // all
        log()
            .warn(
                "Another Keyport holds {} but does not answer; starting anyway",
                configDir.resolve(LOCK_FILE));
        return Optional.of(listening(null, null, configDir));
      }
      return Optional.of(listening(channel, lock, configDir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot set up the single-instance lock in " + configDir, e);
    }
  }

  private static SingleInstance listening(FileChannel channel, FileLock lock, Path configDir)
      throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String key = HexFormat.of().formatHex(random);
    Path portFile = configDir.resolve(PORT_FILE);
    if (lock != null) {
      writePrivately(portFile, socket.getLocalPort() + " " + key + "\n");
    }
    return new SingleInstance(channel, lock, socket, portFile, key);
  }

  /**
   * The action a second launch triggers (bring the window to front); runs on the listener thread.
   */
  void onShowRequest(Runnable action) {
    onShow.set(action);
  }

  static boolean askToShow(Path portFile) {
    try {
      String[] parts = Files.readString(portFile, StandardCharsets.US_ASCII).strip().split(" ");
      int port = Integer.parseInt(parts[0]);
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write(("show " + parts[1] + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        return "ok".equals(answer);
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void listen() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        client.setSoTimeout(2000);
        String line =
            new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (("show " + key).equals(line)) {
          onShow.get().run();
          client.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
        }
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      } catch (RuntimeException e) {
        log().warn("Bringing the window to front failed", e);
      }
    }
  }

  /**
   * Not a static field: claiming must not set logging up (the front door does that beside the
   * start-up).
   */
  private static Logger log() {
    return LoggerFactory.getLogger(SingleInstance.class);
  }

  private static void writePrivately(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
      if (lock != null) {
        Files.deleteIfExists(portFile);
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      log().debug("Closing the single-instance lock: {}", e.getMessage());
    }
  }
}
