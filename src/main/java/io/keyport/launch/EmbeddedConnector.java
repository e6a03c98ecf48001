package io.keyport.launch;

import io.keyport.client.KeyportClient;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.Session;
import io.keyport.server.KeyportServer;
import io.keyport.server.ServerConfig;
import java.nio.file.Path;

/**
 * Connects the desktop to the embedded server: starts it on loopback (port 8470 or the next free
 * one) with H2 in the data folder, and signs the OS user in without a password.
 */
final class EmbeddedConnector implements Connector, AutoCloseable {
  private final Path dataDir;
  private KeyportServer server;
  private KeyportClient client;

  EmbeddedConnector(Path dataDir) {
    this.dataDir = dataDir;
  }

  @Override
  public synchronized Session connect() {
    if (server == null) {
      server =
          KeyportServer.startEmbedded(ServerConfig.embedded(dataDir, ServerConfig.DEFAULT_PORT));
      EmbeddedAddress.write(dataDir, server.baseUrl());
    }
    KeyportServer.LocalSession local = server.localSession(System.getProperty("user.name"));
    if (client == null) {
      client = KeyportClient.create(server.baseUrl());
    }
    return new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
