package io.keyport.server.http;

import static io.keyport.server.http.Fixtures.form;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.server.KeyportServer;
import io.keyport.testing.Http;
import io.keyport.testing.TestServers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The whole journey — sign up, sign in, create an app, reveal, rotate, client credentials, generate
 * a token, introspect, revoke, delete — with every logger of every library at ALL, captured: no
 * password, client secret or token issued along the way appears anywhere in the log (messages,
 * arguments, stack traces, MDC). On H2 and PostgreSQL; one server per class. (Jetty's own wire
 * dumps below INFO are dropped by the server itself: see {@code WireLogGuard}.)
 */
class ScenarioLogTest {

  /** Everything logged at any level while open: each event's whole text. */
  static final class CaptureAll implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Map<Logger, Level> previous = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
    private final AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            if (inside.get()) {
              return; // an argument's toString() that logs itself; its own event is captured
            }
            inside.set(true);
            try {
              capture(event);
            } finally {
              inside.set(false);
            }
          }

          private void capture(ILoggingEvent event) {
            StringBuilder text =
                new StringBuilder()
                    .append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(' ')
                    .append(event.getThreadName())
                    .append(" - ")
                    .append(event.getFormattedMessage())
                    .append(' ')
                    .append(event.getMessage());
            if (event.getArgumentArray() != null) {
              for (Object arg : event.getArgumentArray()) {
                text.append(' ').append(arg);
              }
            }
            text.append(' ').append(event.getMDCPropertyMap());
            if (event.getThrowableProxy() != null) {
              text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            synchronized (events) {
              events.add(text.toString());
            }
          }
        };

    CaptureAll() {
      // Every logger inherits from root, and root lets everything through.
      for (Logger logger : context.getLoggerList()) {
        previous.put(logger, logger.getLevel());
        if (logger != root) {
          logger.setLevel(null);
        }
      }
      root.setLevel(Level.ALL);
      appender.setContext(context);
      appender.start();
      root.addAppender(appender);
    }

    List<String> events() {
      synchronized (events) {
        return List.copyOf(events);
      }
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      appender.stop();
      previous.forEach(Logger::setLevel);
    }
  }

  abstract static class Contract {
    abstract TestServers backend();

    @Test
    void noSecretOfTheWholeJourneyReachesAnyLogLine() {
      List<String> secrets = new ArrayList<>();
      List<String> log;
      try (CaptureAll capture = new CaptureAll()) {
        try (KeyportServer server = backend().start(c -> c.withSignup(true))) {
          Http http = Http.to(server.baseUrl());
          String password = "Sc3nario-pa55word-" + System.nanoTime();
          secrets.add(password);

          Fixtures.signUp(http, "scenario", password);
          // A failed sign-in too: the wrong password must not be logged either.
          String wrongPassword = "wr0ng-pa55word-" + System.nanoTime();
          secrets.add(wrongPassword);
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "password",
                  "client_id",
                  "keyport-desktop",
                  "username",
                  "scenario",
                  "password",
                  wrongPassword));
          String dev =
              Fixtures.passwordGrant(http, "scenario", password).path("access_token").asText();
          secrets.add(dev);
          Http me = http.bearer(dev);

          JsonNode app = Fixtures.createApp(me, null, "Scenario App");
          String id = app.path("id").asText();
          String clientId = app.path("client_id").asText();
          String secret = app.path("client_secret").asText();
          secrets.add(secret);

          assertThat(
                  me.postJson("/account/0/apps/" + id + "/secret/reveal", "{}")
                      .data()
                      .path("client_secret")
                      .asText())
              .isEqualTo(secret);
          String rotated =
              me.postJson("/account/0/apps/" + id + "/secret/rotate", "{}")
                  .data()
                  .path("client_secret")
                  .asText();
          secrets.add(rotated);
          // The old secret is refused (a logged failure path), the new one works.
          http.postForm(
              "/oauth/access_token",
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  clientId,
                  "client_secret",
                  secret));
          String appToken =
              Fixtures.clientCredentials(http, clientId, rotated).path("access_token").asText();
          secrets.add(appToken);

          String userToken =
              Fixtures.ownToken(me, null, id, "{\"scopes\": [\"stream\", \"export\"]}")
                  .path("access_token")
                  .asText();
          secrets.add(userToken);
          Http.Response introspect = http.bearer(userToken).get("/stream/0/token");
          assertThat(introspect.status()).isEqualTo(200);
          assertThat(http.bearer(appToken).get("/stream/0/apps/me/tokens").status()).isEqualTo(200);
          // A token in the query string is refused (and the query never logged).
          assertThat(http.get("/stream/0/token?access_token=" + userToken).status()).isEqualTo(400);

          assertThat(http.bearer(userToken).delete("/stream/0/token").status()).isEqualTo(200);
          assertThat(http.bearer(userToken).get("/stream/0/token").status()).isEqualTo(401);
          assertThat(me.delete("/account/0/apps/" + id).status()).isEqualTo(200);
          assertThat(http.bearer(appToken).get("/stream/0/token").status()).isEqualTo(401);
        }
        log = capture.events();
      }

      assertThat(log).as("the log was captured at every level").isNotEmpty();
      assertThat(log).anyMatch(line -> line.contains("POST /oauth/access_token"));
      assertThat(log)
          .as("DEBUG and TRACE are on")
          .anyMatch(line -> line.startsWith("DEBUG") || line.startsWith("TRACE"));
      for (String s : secrets) {
        // The whole secret, and its random part without the prefix.
        String body = s.length() > 8 ? s.substring(4) : s;
        for (String line : log) {
          assertThat(line).as("a log line holds a secret").doesNotContain(s).doesNotContain(body);
        }
      }
    }
  }

  @Nested
  class OnH2 extends Contract {
    @Override
    TestServers backend() {
      return TestServers.H2;
    }
  }

  @Nested
  class OnPostgres extends Contract {
    @Override
    TestServers backend() {
      return TestServers.POSTGRES;
    }
  }
}
