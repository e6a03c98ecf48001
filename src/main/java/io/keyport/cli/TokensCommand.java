package io.keyport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyport.api.Json;
import io.keyport.vault.Vault;
import io.keyport.vault.VaultEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyport tokens}: what the keychain holds for Keyport, from the vault's index; never a
 * token.
 */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "List the tokens kept in the keychain, never the tokens themselves.",
      "Shows app, client id, server, account, scopes, the last four characters,",
      "when each was created and when it expires, from the vault's index: the",
      "keychain is not unlocked for it.",
      ""
    })
public final class TokensCommand implements Callable<Integer> {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "One JSON array, for machines.")
  boolean json;

  /** One row as --json writes it. */
  record Row(
      String app,
      String clientId,
      String server,
      String account,
      List<String> scopes,
      String last4,
      Instant createdAt,
      Instant expiresAt,
      boolean session) {
    static Row of(VaultEntry e) {
      return new Row(
          e.appName(),
          e.key().clientId(),
          e.key().server(),
          e.key().account(),
          e.scopes(),
          e.last4(),
          e.createdAt(),
          e.expiresAt(),
          e.key().isSession());
    }
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    List<Row> rows;
    try (Vault vault = KeptTokens.open()) {
      rows =
          vault.list().stream()
              .sorted(
                  Comparator.comparing((VaultEntry e) -> e.key().isSession())
                      .thenComparing(VaultEntry::appName, String.CASE_INSENSITIVE_ORDER)
                      .thenComparing(e -> e.key().server()))
              .map(Row::of)
              .toList();
    }
    if (json) {
      out.println(
          Json.mapper()
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .writeValueAsString(rows));
      out.flush();
      return 0;
    }
    if (rows.isEmpty()) {
      out.println(
          "No tokens kept. Generate one in the Keyport desktop (an app's page, \"Generate token\").");
      out.flush();
      return 0;
    }
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "APP", "CLIENT ID", "SERVER", "ACCOUNT", "SCOPES", "LAST 4", "CREATED", "EXPIRES"
        });
    for (Row r : rows) {
      table.add(
          new String[] {
            r.app(),
            r.clientId(),
            r.server(),
            r.account(),
            String.join(",", r.scopes()),
            r.last4() == null || r.last4().isEmpty() ? "-" : "…" + r.last4(),
            r.createdAt() == null ? "-" : DAY.format(r.createdAt()),
            r.expiresAt() == null ? "never" : DAY.format(r.expiresAt())
          });
    }
    printTable(out, table);
    out.flush();
    return 0;
  }

  static void printTable(PrintWriter out, List<String[]> table) {
    int[] widths = new int[table.get(0).length];
    for (String[] row : table) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : table) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line);
    }
  }
}
