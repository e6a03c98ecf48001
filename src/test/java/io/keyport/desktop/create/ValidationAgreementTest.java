package io.keyport.desktop.create;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.api.RulesTable;
import io.keyport.api.RulesTable.Input;
import io.keyport.api.RulesTable.Row;
import io.keyport.desktop.DesktopHarness;
import io.keyport.desktop.DesktopHarnessExtension;
import io.keyport.desktop.FxLookups;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/**
 * The desktop and the server give the same verdict on the same input: every row of {@link
 * RulesTable} typed into "Create an App" (its live validation) and sent to the server over HTTP on
 * H2 and on PostgreSQL. A refusal names the same field on both ends, with the same words.
 */
class ValidationAgreementTest {
  private static final AtomicInteger SEQ = new AtomicInteger();

  @RegisterExtension
  static final DesktopHarnessExtension desktop =
      DesktopHarnessExtension.alice().notResetBetweenTests();

  private final DesktopHarness harness = desktop.harness();
  private static KeyportServer h2;
  private static KeyportServer postgres;
  private final FxRobot robot = harness.robot;
  private final FxLookups fx = harness.fx;

  @BeforeAll
  static void start() throws Exception {
    // servers of their own, with the write limit out of the way of ~100 creations a minute
    h2 = TestServers.H2.start(c -> c.withLimits(1_000_000, 1_000_000, 1_000_000));
    postgres = TestServers.POSTGRES.start(c -> c.withLimits(1_000_000, 1_000_000, 1_000_000));
  }

  @AfterAll
  static void stop() throws Exception {
    h2.close();
    postgres.close();
  }

  /**
   * What one end said about a value: valid, or the refused field and message; {@code held}: what
   * the desktop's field held.
   */
  record Verdict(boolean valid, String field, String message, String held) {}

  @Test
  void desktopAndServerAgreeOnEveryRow() throws Exception {
    Http onH2 = developer(h2, "agree_h2");
    Http onPostgres = developer(postgres, "agree_pg");
    harness.show(DesktopHarness.quick());
    robot.clickOn("#newAppButton");
    fx.waitUntil(() -> fx.window("Create an App") != null);

    List<Row> filtered = new ArrayList<>();
    SoftAssertions soft = new SoftAssertions();
    for (Row row : RulesTable.ROWS) {
      Verdict desktop = desktop(row);
      // A text field drops control characters as they are typed or pasted: the desktop can only
      // ever
      // send what the field holds, so its verdict is compared on that.
      String sent = desktop.held();
      for (Map.Entry<String, Http> server :
          Map.of("H2", onH2, "PostgreSQL", onPostgres).entrySet()) {
        Verdict said = server(server.getValue(), row.input(), row.value());
        soft.assertThat(said.valid())
            .as("server on %s: %s", server.getKey(), row)
            .isEqualTo(row.valid());
        if (!row.valid() && !said.valid()) {
          soft.assertThat(said.field()).as("field: %s", row).isEqualTo(row.input().wireField);
        }
        Verdict onSent =
            sent.equals(row.value()) ? said : server(server.getValue(), row.input(), sent);
        soft.assertThat(desktop.valid())
            .as(
                "desktop and %s on %s (the field holds %s)",
                server.getKey(), row, RulesTable.jsonString(sent))
            .isEqualTo(onSent.valid());
        if (!desktop.valid() && !onSent.valid()) {
          soft.assertThat(onSent.message())
              .as("message: %s", row)
              .isEqualTo(row.input().wireField + ": " + desktop.message());
        }
      }
      if (sent.equals(row.value())) {
        soft.assertThat(desktop.valid()).as("desktop: %s", row).isEqualTo(row.valid());
      } else {
        filtered.add(row);
      }
    }
    assertThat(filtered)
        .as("rows a text field cannot hold")
        .allSatisfy(row -> assertThat(row.value()).matches("(?s).*\\p{Cc}.*"));
    soft.assertAll();
  }

  /** The row typed into its field of "Create an App"; the verdict is what its error label shows. */
  private Verdict desktop(Row row) throws Exception {
    String id =
        switch (row.input()) {
          case NAME -> "name";
          case WEBSITE -> "website";
          case CALLBACK -> "callback";
        };
    TextField field = fx.showing("#" + id + "Field", TextField.class);
    Label error = robot.lookup("#" + id + "Error").queryAs(Label.class);
    robot.interact(
        () -> {
          field.setText("touched");
          field.setText(row.value());
        });
    boolean shown = FxLookups.showing(error);
    return new Verdict(!shown, null, shown ? error.getText() : null, field.getText());
  }

  /** {@code value} sent as the {@code input} of an otherwise valid new app. */
  private static Verdict server(Http http, Input input, String value) {
    String unique = "Agreement " + SEQ.incrementAndGet();
    String name = input == Input.NAME ? value : unique;
    String website = input == Input.WEBSITE ? value : "https://example.com";
    String callback = input == Input.CALLBACK ? value : "http://localhost:8000";
    Http.Response r =
        http.postJson(
            "/account/0/apps",
            "{\"name\": "
                + RulesTable.jsonString(name)
                + ", \"website\": "
                + RulesTable.jsonString(website)
                + ", \"callback_urls\": ["
                + RulesTable.jsonString(callback)
                + "]}");
    if (r.status() == 200) {
      return new Verdict(true, null, null, null);
    }
    assertThat(r.status()).as("%s %s: %s", input, RulesTable.jsonString(value), r).isEqualTo(400);
    JsonNode meta = r.meta();
    assertThat(meta.path("error_slug").asText()).isEqualTo("invalid-request");
    return new Verdict(
        false, meta.path("error_field").asText(), meta.path("error_message").asText(), null);
  }

  private static Http developer(KeyportServer server, String username) {
    return Http.to(server.baseUrl()).bearer(server.localSession(username).token().reveal());
  }
}
