package io.keyport.server.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * The SQL migrations Keyport bundles, and whether a database already has exactly them: then opening
 * it needs no Flyway at all. Loading Flyway, scanning the class path and validating took ~400 ms of
 * every start of the desktop's embedded server, for a schema that is almost always current.
 *
 * <p>{@link #appliedTo} answers yes only when Flyway itself would find nothing to do and nothing to
 * complain about: its history table lists every bundled versioned migration, applied successfully,
 * with the checksum Flyway computes for the file now, the same script name and description, and no
 * other version; each bundled repeatable migration's latest run has its current checksum; and there
 * is no failed or unknown row. Anything else (a first start, a pending migration after an upgrade,
 * an edited or missing script, a database a newer Keyport migrated) answers no, and Flyway runs as
 * it always did — migrating, or failing its validation with its own message.
 *
 * <p>The lists below must name every script in their folders; {@code MigrationsTest} checks that
 * they do, so that a new migration cannot be skipped.
 */
final class Migrations {
  /** Flyway location → the scripts in it. */
  static final Map<String, List<String>> COMMON =
      Map.of(
          "db/migration",
          List.of(
              "V1__accounts_apps_tokens.sql",
              "V2__apps_by_owner_index.sql",
              "V4__client_secrets_last_used.sql",
              "V5__web_sign_in.sql",
              "V6__posts_channels_messages.sql",
              "V7__server_settings.sql",
              "V10__newest_first_indexes.sql"));

  /** What only PostgreSQL needs (the shared rate-limit buckets, a table's fill factor). */
  static final Map<String, List<String>> POSTGRES_ONLY =
      Map.of("db/postgresql", List.of("R__auth_codes_fillfactor.sql", "R__rate_buckets.sql"));

  private static final Pattern NAME = Pattern.compile("(?:V([0-9][0-9._]*)|(R))__(.+)\\.sql");

  /** One bundled script as Flyway records it in its history. */
  /** {@code checksum} null: the script uses placeholders, and is never taken as applied here. */
  record Script(
      String location, String script, String version, String description, Integer checksum) {
    boolean repeatable() {
      return version == null;
    }
  }

  private final List<String> locations;
  private final List<Script> scripts;

  private Migrations(List<String> locations, List<Script> scripts) {
    this.locations = List.copyOf(locations);
    this.scripts = List.copyOf(scripts);
  }

  /** Keyport's migrations for H2, or for PostgreSQL. */
  static Migrations bundled(boolean postgres) {
    Map<String, List<String>> all = new LinkedHashMap<>(COMMON);
    if (postgres) {
      all.putAll(POSTGRES_ONLY);
    }
    return of(all);
  }

  /** The migrations {@code scripts} names: location (a class path folder) → file names. */
  static Migrations of(Map<String, List<String>> scripts) {
    List<String> locations = new ArrayList<>();
    List<Script> list = new ArrayList<>();
    scripts.forEach(
        (location, names) -> {
          locations.add(location);
          for (String name : names) {
            list.add(script(location, name));
          }
        });
    return new Migrations(locations, list);
  }

  /** Flyway's locations for these migrations. */
  String[] flywayLocations() {
    return locations.stream().map(l -> "classpath:" + l).toArray(String[]::new);
  }

  List<Script> scripts() {
    return scripts;
  }

  /**
   * True when {@code database} already has exactly these migrations, as Flyway would see it (see
   * above).
   */
  boolean appliedTo(DataSource database) {
    if (scripts.stream().anyMatch(s -> s.checksum() == null)) {
      return false;
    }
    List<Row> rows = new ArrayList<>();
    try (Connection c = database.getConnection()) {
      // Asked of the catalogue, not by selecting from a table that may not exist: a failed select
      // is an error the database logs (H2 in keyport.trace.db, PostgreSQL in its server log).
      if (!hasHistory(c)) {
        return false;
      }
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "select \"installed_rank\", \"version\", \"description\", \"type\","
                      + " \"script\", \"checksum\", \"success\" from \"flyway_schema_history\" order by \"installed_rank\"")) {
        while (r.next()) {
          int checksum = r.getInt(6);
          rows.add(
              new Row(
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.wasNull() ? null : checksum,
                  r.getBoolean(7)));
        }
      }
    } catch (SQLException unreadableHistory) {
      return false;
    }
    Map<String, Row> versions = new HashMap<>();
    Map<String, Row> latestRepeatable = new HashMap<>();
    for (Row row : rows) {
      if (!row.success()) {
        return false;
      }
      if ("TABLE".equals(row.type()) || "SCHEMA".equals(row.type())) {
        continue; // Flyway's notes that it created its history table, or the schema
      }
      if (!"SQL".equals(row.type())) {
        return false;
      }
      if (row.version() != null) {
        if (versions.put(row.version(), row) != null) {
          return false;
        }
      } else {
        latestRepeatable.put(row.description(), row); // rows come in installed order: the last wins
      }
    }
    int versioned = 0;
    int repeatable = 0;
    for (Script script : scripts) {
      Row row =
          script.repeatable()
              ? latestRepeatable.get(script.description())
              : versions.get(script.version());
      if (row == null
          || !script.script().equals(row.script())
          || !script.description().equals(row.description())
          || !Objects.equals(script.checksum(), row.checksum())) {
        return false;
      }
      if (script.repeatable()) {
        repeatable++;
      } else {
        versioned++;
      }
    }
    return versions.size() == versioned && latestRepeatable.size() == repeatable;
  }

  /**
   * Whether the connection's current schema has Flyway's history table (named as Flyway names it).
   */
  static boolean hasHistory(Connection c) throws SQLException {
    try (ResultSet tables =
        c.getMetaData().getTables(c.getCatalog(), c.getSchema(), HISTORY_TABLE, null)) {
      while (tables.next()) {
        if (HISTORY_TABLE.equals(tables.getString("TABLE_NAME"))) {
          return true;
        }
      }
      return false;
    }
  }

  static final String HISTORY_TABLE = "flyway_schema_history";

  private record Row(
      String version,
      String description,
      String type,
      String script,
      Integer checksum,
      boolean success) {}

  private static Script script(String location, String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Flyway SQL migration name: " + name);
    }
    String version = m.group(1) == null ? null : m.group(1).replace('_', '.');
    return new Script(
        location, name, version, m.group(3).replace('_', ' '), checksum(location + "/" + name));
  }

  /**
   * Flyway's checksum of a script (its ChecksumCalculator): CRC-32 of the UTF-8 bytes of each line,
   * without line breaks, a byte-order mark dropped. Null for a script that uses placeholders
   * (Flyway may check those after replacing them; none of Keyport's does).
   */
  static Integer checksum(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The migration " + resource + " is missing from the class path");
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
      CRC32 crc = new CRC32();
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = reader.readLine()) {
        if (line.contains("${")) {
          return null;
        }
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return (int) crc.getValue();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the migration " + resource, e);
    }
  }
}
