package io.keyport.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's page cache: small for the desktop's embedded server, H2's default for a standalone one, each
 * whichever opened the data folder before (H2 stores the setting in the database itself).
 */
class H2CacheTest {
  @TempDir Path temp;

  @Test
  void theEmbeddedServerKeepsASmallCacheAndAStandaloneOneKeepsH2sDefault() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    ServerConfig embedded = ServerConfig.embedded(data, 0);
    ServerConfig standalone =
        new ServerConfig("127.0.0.1", 0, data, null, null, null, false, null, 5000, 20, 50, false);

    assertThat(cacheKb(embedded)).isEqualTo(Database.EMBEDDED_H2_CACHE_KB);
    assertThat(cacheKb(standalone)).isEqualTo(16384);
    assertThat(cacheKb(embedded)).isEqualTo(Database.EMBEDDED_H2_CACHE_KB);
  }

  private static int cacheKb(ServerConfig config) throws Exception {
    try (Database db = Database.open(config);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select setting_value from information_schema.settings where setting_name = 'CACHE_SIZE'")) {
      assertThat(r.next()).isTrue();
      return Integer.parseInt(r.getString(1));
    }
  }
}
