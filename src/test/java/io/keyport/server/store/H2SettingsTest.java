package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.h2.engine.Constants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings Keyport opens H2 with. The page cache: small for the desktop's embedded server, H2's
 * default for a standalone one, each whichever opened the data folder before (H2 stores the setting
 * in the database itself). The write delay, which H2 does not store, at every opening.
 */
class H2SettingsTest {
  @TempDir Path temp;
  private ServerConfig embedded;
  private ServerConfig standalone;

  /** The desktop's embedded server and a standalone one, on the same data folder. */
  @BeforeEach
  void bothServersOnOneDataFolder() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    embedded = ServerConfig.embedded(data, 0);
    standalone =
        new ServerConfig("127.0.0.1", 0, data, null, null, null, false, null, 5000, 20, 50, false);
  }

  @Test
  void theEmbeddedServerKeepsASmallCacheAndAStandaloneOneKeepsH2sDefault() throws Exception {
    assertThat(cacheKb(embedded)).isEqualTo(Database.EMBEDDED_H2_CACHE_KB);
    assertThat(cacheKb(standalone)).isEqualTo(16384);
    assertThat(cacheKb(embedded)).isEqualTo(Database.EMBEDDED_H2_CACHE_KB);
  }

  @Test
  void theBackgroundWriterKeepsKeyportsPaceAtEveryOpening() throws Exception {
    assertThat(Database.H2_WRITE_DELAY_MS).isNotEqualTo(Constants.DEFAULT_WRITE_DELAY);
    assertThat(setting(embedded, "WRITE_DELAY")).isEqualTo(Database.H2_WRITE_DELAY_MS);
    assertThat(setting(standalone, "WRITE_DELAY")).isEqualTo(Database.H2_WRITE_DELAY_MS);
  }

  private static int cacheKb(ServerConfig config) throws Exception {
    return setting(config, "CACHE_SIZE");
  }

  private static int setting(ServerConfig config, String name) throws Exception {
    try (Database db = Database.open(config);
        Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select setting_value from information_schema.settings where setting_name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as(name).isTrue();
        return Integer.parseInt(r.getString(1));
      }
    }
  }
}
