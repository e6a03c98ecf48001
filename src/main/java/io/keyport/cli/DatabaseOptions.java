package io.keyport.cli;

import io.keyport.api.Secret;
import io.keyport.launch.UserFolders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the server's data lives: the options {@code server} and {@code server add-user} share, so
 * both open the same database.
 */
final class DatabaseOptions {
  @Option(
      names = "--data",
      description =
          "Folder for the H2 database and the master key (default: the user's data folder).")
  Path data;

  @Option(
      names = "--db-url",
      description = "JDBC URL of a PostgreSQL database, e.g. jdbc:postgresql://db/keyport.")
  String dbUrl;

  @Option(names = "--db-user", description = "PostgreSQL user.")
  String dbUser;

  @Option(names = "--db-password-file", description = "File holding the PostgreSQL password.")
  Path dbPasswordFile;

  Path dataDir() {
    return data != null ? data : UserFolders.forCurrentUser().data();
  }

  /** The PostgreSQL password, read from its file (never from the command line), or null. */
  Secret dbPassword() throws IOException {
    return dbPasswordFile == null
        ? null
        : Secret.of(Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip());
  }
}
