package io.keyport.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.App;
import io.keyport.client.KeyportClient;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaging's training data: the apps land in the data folder the desktop's embedded server
 * opens, for the OS user the desktop signs in, past the embedded server's write limit.
 */
class TrainingDataTest {
  @TempDir Path data;

  @Test
  void theDesktopsEmbeddedServerListsTheSampleAppsForTheOsUser() {
    TrainingData.seed(data, 25);
    try (KeyportServer server = KeyportServer.start(ServerConfig.embedded(data, 0));
        KeyportClient client = KeyportClient.create(server.baseUrl())) {
      List<App> apps =
          client
              .withToken(server.localSession(System.getProperty("user.name")).token())
              .listAllApps();
      assertThat(apps).hasSize(25);
      assertThat(apps).extracting(App::name).contains("Sample app 001", "Sample app 025");
    }
  }
}
