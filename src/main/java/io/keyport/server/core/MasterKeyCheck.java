package io.keyport.server.core;

import io.keyport.server.crypto.MasterKey;
import io.keyport.server.store.SettingsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every server instance on one database must use the same master key: with two, a client secret
 * sealed by one neither authenticates nor reveals on the other. The database keeps the key's {@link
 * MasterKey#fingerprint fingerprint} (never the key); the first start records it, and a start with
 * another key is refused, saying what to do.
 */
public final class MasterKeyCheck {
  private static final Logger LOG = LoggerFactory.getLogger(MasterKeyCheck.class);
  static final String SETTING = "master_key_fingerprint";

  private MasterKeyCheck() {}

  /** Refused: this server's master key is not the one the database was used with. */
  public static final class KeyMismatch extends IllegalStateException {
    KeyMismatch(String message) {
      super(message);
    }
  }

  /**
   * Records the key's fingerprint, or checks it against the recorded one. {@code shared}: other
   * processes may use the database (PostgreSQL), so another key is refused unless {@code replace};
   * otherwise (H2: one process, the key beside the database) the new key is taken with a warning,
   * as its owner has nobody to agree with.
   */
  public static void check(MasterKey key, SettingsStore settings, boolean shared, boolean replace) {
    String mine = key.fingerprint();
    String recorded = settings.setIfAbsent(SETTING, mine);
    if (recorded.equals(mine)) {
      return;
    }
    if (shared && !replace) {
      throw new KeyMismatch(
          "This server's master key (fingerprint "
              + shortly(mine)
              + ") is not the one"
              + " the database was used with (fingerprint "
              + shortly(recorded)
              + "). Every server instance on"
              + " one database needs the same key: set "
              + MasterKey.ENV
              + " to the same value on each, or copy"
              + " the "
              + MasterKey.FILE_NAME
              + " of an instance that works into this one's --data folder. Only if"
              + " the old key is lost for good, start once with --replace-master-key: then every app's client"
              + " secret must be rotated, and the other instances need this key.");
    }
    settings.set(SETTING, mine);
    LOG.warn(
        "The master key changed (fingerprint {} was {}): client secrets sealed with the old key"
            + " cannot be revealed or used until they are rotated",
        shortly(mine),
        shortly(recorded));
  }

  /** The first 12 hex digits: enough to tell keys apart in a message. */
  private static String shortly(String fingerprint) {
    return fingerprint.substring(0, Math.min(12, fingerprint.length()));
  }
}
