package io.keyport.vault;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS keychain through java-keyring, every call on a worker thread with a timeout. Each call
 * opens the keyring, does its work and closes it again (a few milliseconds on a warm JVM), so a
 * keychain that was locked, restarted or unlocked since the last call is seen as it is now.
 *
 * <p>Whatever goes wrong — no backend, a locked collection, a call that hangs, or the library's own
 * unchecked exceptions (it throws NullPointerException when the collection is locked and no unlock
 * prompt can be shown) — becomes one {@link KeychainUnavailableException} that says what is missing
 * and how to get it.
 */
final class Keychain {
  private static final Logger LOG = LoggerFactory.getLogger(Keychain.class);

  /** An entry holding no secret, which shows whether a Secret Service collection is unlocked. */
  private static final String PROBE_SERVICE = "Keyport";

  private static final String PROBE_ACCOUNT = "keychain-check";
  private static final String PROBE_VALUE =
      "Keyport checks with this entry that the keychain is unlocked; it holds no secret.";

  enum Os {
    LINUX,
    MAC,
    WINDOWS
  }

  private final Duration timeout;
  private final Os os;
  private final Map<String, String> env;
  private ExecutorService worker;

  Keychain(Duration timeout) {
    this(timeout, osOf(System.getProperty("os.name", "")), System.getenv());
  }

  Keychain(Duration timeout, Os os, Map<String, String> env) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the keychain timeout must be positive");
    }
    this.timeout = timeout;
    this.os = os;
    this.env = env;
    this.worker = newWorker();
  }

  static Os osOf(String osName) {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.contains("win")) {
      return Os.WINDOWS;
    }
    if (name.contains("mac") || name.contains("darwin")) {
      return Os.MAC;
    }
    return Os.LINUX;
  }

  String name() {
    switch (os) {
      case MAC:
        return "macOS Keychain";
      case WINDOWS:
        return "Windows Credential Manager";
      default:
        return "GNOME Keyring / Secret Service";
    }
  }

  Duration timeout() {
    return timeout;
  }

  /** The password kept under service and account, if any. */
  Optional<String> get(String service, String account) throws KeychainUnavailableException {
    return call(
        keyring -> {
          try {
            return Optional.of(keyring.getPassword(service, account));
          } catch (PasswordAccessException e) {
            if (!isNotFound(e)) {
              throw refused(e);
            }
            // A locked Secret Service may answer "nothing there" to a search: make sure it is open.
            requireUnlocked(keyring);
            return Optional.empty();
          }
        });
  }

  void set(String service, String account, String password) throws KeychainUnavailableException {
    call(
        keyring -> {
          try {
            keyring.setPassword(service, account, password);
            return null;
          } catch (PasswordAccessException e) {
            throw refused(e);
          }
        });
  }

  /** Removes the entry; true when there was one. */
  boolean delete(String service, String account) throws KeychainUnavailableException {
    return call(
        keyring -> {
          try {
            keyring.deletePassword(service, account);
            return true;
          } catch (PasswordAccessException e) {
            if (!isNotFound(e)) {
              throw refused(e);
            }
            requireUnlocked(keyring);
            return false;
          }
        });
  }

  synchronized void close() {
    worker.shutdownNow();
  }

  // ---- running calls ---------------------------------------------------------------------------

  private interface KeyringCall<T> {
    T apply(Keyring keyring) throws KeychainUnavailableException;
  }

  /**
   * Opens the keyring, runs {@code work} and closes it, on the worker thread, within the timeout.
   */
  private <T> T call(KeyringCall<T> work) throws KeychainUnavailableException {
    Future<T> result;
    synchronized (this) {
      result =
          worker.submit(
              () -> {
                Keyring keyring;
                try {
                  keyring = Keyring.create();
                } catch (BackendNotSupportedException e) {
                  throw unavailable(noBackend(), e);
                }
                try {
                  return work.apply(keyring);
                } finally {
                  try {
                    keyring.close();
                  } catch (Exception closing) {
                    LOG.debug(
                        "closing the keyring failed ({})", closing.getClass().getSimpleName());
                  }
                }
              });
    }
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      abandonWorker();
      throw unavailable(
          name()
              + " did not answer within "
              + seconds(timeout)
              + " (it may be locked and waiting for an unlock prompt nobody answered, or a call hung).",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      throw unavailable(name() + " was not asked: the request was interrupted.", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KeychainUnavailableException unavailable) {
        throw unavailable;
      }
      // The library's own unchecked failures: on a Secret Service a NullPointerException means the
      // collection is locked and could not be unlocked (no prompt could be shown, or it was
      // dismissed).
      throw unavailable(lockedOrFailed(cause), cause);
    }
  }

  /**
   * A worker stuck in a hung call is left behind (it is a daemon thread); later calls get a fresh
   * one.
   */
  private synchronized void abandonWorker() {
    worker.shutdownNow();
    worker = newWorker();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread t = new Thread(task, "keyport-keychain");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * On a Secret Service, proves the collection is unlocked by reading (or first writing) the probe
   * entry.
   */
  private void requireUnlocked(Keyring keyring) throws KeychainUnavailableException {
    KeyringStorageType type = keyring.getKeyringStorageType();
    if (type != KeyringStorageType.GNOME_KEYRING && type != KeyringStorageType.KWALLET) {
      return;
    }
    try {
      try {
        keyring.getPassword(PROBE_SERVICE, PROBE_ACCOUNT);
      } catch (PasswordAccessException absent) {
        keyring.setPassword(PROBE_SERVICE, PROBE_ACCOUNT, PROBE_VALUE);
      }
    } catch (PasswordAccessException | RuntimeException e) {
      throw unavailable(lockedOrFailed(e), e);
    }
  }

  private static boolean isNotFound(PasswordAccessException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("No stored credentials match") // Secret Service, macOS
        || m.startsWith("No password to delete") // macOS
        || m.contains("not in wallet") // KWallet
        || m.equals("Error code 1168") // Windows: ERROR_NOT_FOUND
        || m.equals("Password not Found");
  }

  // ---- what the user is told -------------------------------------------------------------------

  private String noBackend() {
    if (os == Os.LINUX) {
      String bus = env.get("DBUS_SESSION_BUS_ADDRESS");
      if (bus == null || bus.isBlank()) {
        return name()
            + " is not available: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set),"
            + " so no keychain can be reached.";
      }
      return name() + " is not available: no Secret Service answered on the D-Bus session bus.";
    }
    return name() + " is not available on this system.";
  }

  private String lockedOrFailed(Throwable cause) {
    if (cause instanceof LinkageError) {
      return name()
          + " could not be used: its native library did not load ("
          + cause.getClass().getSimpleName()
          + ").";
    }
    if (os == Os.LINUX && cause instanceof NullPointerException) {
      return name()
          + " is locked: its default collection could not be unlocked (no unlock prompt could be shown,"
          + " or it was dismissed).";
    }
    if (os == Os.LINUX) {
      return name()
          + " is locked or refused the request ("
          + cause.getClass().getSimpleName()
          + ").";
    }
    return name() + " refused the request (" + cause.getClass().getSimpleName() + ").";
  }

  private KeychainUnavailableException refused(PasswordAccessException e) {
    return unavailable(lockedOrFailed(e), e);
  }

  /** The exception with the reason and, always, what to do about it. */
  KeychainUnavailableException unavailable(String reason, Throwable cause) {
    KeychainUnavailableException ex =
        new KeychainUnavailableException(reason + " " + howToFix(), cause);
    LOG.warn("Keychain unavailable: {}", reason);
    return ex;
  }

  String howToFix() {
    String never = "Keyport keeps tokens only in the system keychain, never in a plain file.";
    switch (os) {
      case MAC:
        return never
            + " Unlock your login keychain (Keychain Access) and allow Keyport when macOS asks, then try again.";
      case WINDOWS:
        return never
            + " Make sure Windows Credential Manager is available to your account, then try again.";
      default:
        return never
            + " It needs a Secret Service such as GNOME Keyring or KeePassXC (with its Secret Service"
            + " integration turned on), running in your desktop session and unlocked: install one (for example"
            + " `sudo apt install gnome-keyring`), sign in to a desktop session or unlock its default keyring"
            + " (\"Login\"), then try again.";
    }
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
