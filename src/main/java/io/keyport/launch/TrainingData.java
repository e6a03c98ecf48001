package io.keyport.launch;

import io.keyport.api.NewApp;
import io.keyport.client.KeyportClient;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Sample apps for the packaging's training run (packaging/common.sh): before the run that records
 * the start-up archive (an AOT cache or an AppCDS archive), {@code java -cp keyport.jar
 * io.keyport.launch.TrainingData [apps]} fills the embedded server of the current user folders (the
 * training's throw-away ones) through the API, so that the recorded start shows the first screen
 * with a list, a few pages long, as a user's does. Not part of the app.
 */
public final class TrainingData {
  /** More than one page of the app list (200 apps a page), so paging is part of the run. */
  static final int DEFAULT_APPS = 250;

  private TrainingData() {}

  public static void main(String[] args) {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_APPS;
    seed(UserFolders.forCurrentUser().data(), apps);
    System.out.println("training data: " + apps + " apps");
    System.exit(0);
  }

  /** Creates {@code apps} sample apps for the OS user in the embedded server of {@code dataDir}. */
  static void seed(Path dataDir, int apps) {
    ServerConfig config =
        ServerConfig.embedded(dataDir, 0)
            .withLimits(1_000_000_000L, 1_000_000_000L, 1_000_000_000L);
    try (KeyportServer server = KeyportServer.start(config);
        KeyportClient client = KeyportClient.create(server.baseUrl())) {
      KeyportClient signedIn =
          client.withToken(server.localSession(System.getProperty("user.name")).token());
      for (int i = 1; i <= apps; i++) {
        signedIn.createApp(
            new NewApp(
                String.format("Sample app %03d", i),
                "https://example.com/apps/" + i,
                List.of("http://localhost:8000/callback")));
      }
    }
  }
}
