package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.keyport.api.AccessToken;
import io.keyport.api.CreatedApp;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.PageRequest;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.api.TokenRequest;
import io.keyport.launch.LoggingSetup;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import io.keyport.vault.KeychainUnavailableException;
import io.keyport.vault.KeychainVault;
import io.keyport.vault.VaultEntry;
import io.keyport.vault.VaultKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No password, client secret or token in any log line, exception message or toString() of the
 * client and the vault. Logging runs with Keyport's own configuration — the one the app ships,
 * {@link io.keyport.launch.LoggingSetup} — with the root raised to ALL, so every logger that config
 * does not silence writes everything it can, httpclient5's included; the lines are captured with
 * their exceptions' whole chains.
 */
class NoSecretLeaksTest {
  static final String WIRE = "org.apache.hc.client5.http.wire";
  static final String HEADERS = "org.apache.hc.client5.http.headers";

  final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
  final List<String> lines = new ArrayList<>();
  final List<Secret> secrets = new ArrayList<>();
  final List<Object> shown =
      new ArrayList<>(); // exceptions and objects whose text a user or log may see
  @TempDir Path config;

  final AppenderBase<ILoggingEvent> capture =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          StringBuilder line =
              new StringBuilder()
                  .append(event.getLevel())
                  .append(' ')
                  .append(event.getLoggerName())
                  .append(" - ")
                  .append(event.getFormattedMessage());
          for (Map.Entry<String, String> mdc : event.getMDCPropertyMap().entrySet()) {
            line.append(' ').append(mdc.getKey()).append('=').append(mdc.getValue());
          }
          if (event.getArgumentArray() != null) {
            for (Object arg : event.getArgumentArray()) {
              line.append(" arg=").append(arg);
            }
          }
          if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
          }
          synchronized (lines) {
            lines.add(line.toString());
          }
        }
      };

  @BeforeEach
  void keyportsLoggingAtAll() throws Exception {
    logging.reset();
    LoggingSetup.apply(logging);
    Logger root = logging.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.ALL);
    capture.setContext(logging);
    capture.start();
    root.addAppender(capture);
  }

  @AfterEach
  void backToTheTestsLogging() throws Exception {
    configure("/logback-test.xml");
  }

  @Test
  void logbackFindsKeyportsSetupAndItLeavesTheTestsXmlInCharge() throws Exception {
    URL services =
        getClass().getResource("/META-INF/services/ch.qos.logback.classic.spi.Configurator");
    assertThat(services).isNotNull();
    try (var in = services.openStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
          .isEqualTo(LoggingSetup.class.getName());
    }
    // logback-test.xml is on the tests' class path: the setup steps aside and logback reads that
    // file.
    assertThat(new LoggingSetup().configure(new LoggerContext()))
        .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
  }

  private void configure(String resource) throws Exception {
    logging.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging);
    configurator.doConfigure(Objects.requireNonNull(getClass().getResource(resource), resource));
  }

  @Test
  void keyportsLoggingConfigKeepsHttpclientsWireAndHeaderLoggersOff() {
    assertThat(logging.getLogger(WIRE).getEffectiveLevel()).isEqualTo(Level.OFF);
    assertThat(logging.getLogger(HEADERS).getEffectiveLevel()).isEqualTo(Level.OFF);
    assertThat(
            logging
                .getLogger("org.freedesktop.dbus")
                .getEffectiveLevel()
                .isGreaterOrEqual(Level.WARN))
        .isTrue();
  }

  @Test
  void withThoseLoggersOnTheBearerTokenWouldBeInTheLog() throws Exception {
    // Shows that this test can see a leak, and why the config matters.
    logging.getLogger(HEADERS).setLevel(Level.DEBUG);
    KeyportServer server = TestServers.H2.start();
    try (KeyportClient client = KeyportClient.create(server.baseUrl())) {
      Secret token = server.localSession("wire").token();
      client.withToken(token).listApps(PageRequest.first());
      assertThat(logged()).contains("Bearer " + token.reveal());
    } finally {
      server.close();
    }
  }

  @Test
  void noSecretReachesALogLineAnExceptionOrAToString() throws Exception {
    KeyportServer server = TestServers.H2.start(c -> c.withSignup(true));
    try (KeyportClient anonymous = KeyportClient.create(server.baseUrl());
        KeychainVault vault = new KeychainVault(config, Duration.ofSeconds(10))) {
      exerciseTheClient(server, anonymous);
      exerciseTheVault(vault);
      shown.add(vault);
    } finally {
      server.close();
    }

    String everything = logged();
    assertThat(lines)
        .as("the capture sees the client's own debug lines")
        .anyMatch(l -> l.contains("DEBUG io.keyport.client"));
    assertThat(lines).as("and httpclient5's").anyMatch(l -> l.contains("org.apache.hc.client5"));
    assertThat(secrets).hasSizeGreaterThan(8);
    for (Secret secret : secrets) {
      String value = secret.reveal();
      assertThat(everything).as("the log").doesNotContain(value);
      for (Object o : shown) {
        assertThat(String.valueOf(o))
            .as("toString of %s", o.getClass().getSimpleName())
            .doesNotContain(value);
        if (o instanceof Throwable t) {
          for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage()))
                .as("message of %s", c.getClass().getName())
                .doesNotContain(value);
          }
        }
      }
    }
  }

  private void exerciseTheClient(KeyportServer server, KeyportClient anonymous) throws Exception {
    Secret password = keep(Secret.of("a password nobody may see 31"));
    anonymous.signUp(new NewUser("leaky", password, "Leaky"));
    AccessToken session = anonymous.passwordGrant("leaky", password);
    keep(session.accessToken());
    shown.add(session);
    KeyportClient dev = anonymous.withToken(session.accessToken());
    shown.add(dev);
    shown.add(
        catchThrowable(
            () -> anonymous.passwordGrant("leaky", keep(Secret.of("the wrong password 1234")))));

    CreatedApp app =
        dev.createApp(
            new NewApp("Leak Test", "https://example.com", List.of("http://localhost/cb")));
    keep(app.clientSecret());
    shown.add(app);
    keep(dev.revealSecret(app.id()));
    Secret rotated = keep(dev.rotateSecret(app.id()));
    shown.add(
        catchThrowable(() -> anonymous.clientCredentials(app.clientId(), app.clientSecret())));
    AccessToken appToken = anonymous.clientCredentials(app.clientId(), rotated);
    keep(appToken.accessToken());
    shown.add(appToken);

    AccessToken user = dev.generateToken(app.id(), new TokenRequest(List.of("stream"), null));
    keep(user.accessToken());
    shown.add(user);
    KeyportClient asUser = anonymous.withToken(user.accessToken());
    shown.add(asUser.currentToken());
    shown.add(anonymous.withToken(appToken.accessToken()).appTokens());
    asUser.revokeCurrentToken();
    shown.add(catchThrowable(asUser::currentToken)); // not-authorized, sent with the revoked token

    Secret unknown = keep(TokenFormat.generate(TokenFormat.Kind.USER));
    shown.add(catchThrowable(anonymous.withToken(unknown)::me));

    URI down;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    try (KeyportClient nowhere = KeyportClient.create(down)) {
      shown.add(catchThrowable(nowhere.withToken(session.accessToken())::me));
      shown.add(catchThrowable(() -> nowhere.passwordGrant("leaky", password)));
    }
  }

  private void exerciseTheVault(KeychainVault vault) {
    Secret token = keep(TokenFormat.generate(TokenFormat.Kind.USER));
    VaultKey key =
        new VaultKey("http://leak-test-" + System.nanoTime() + ".invalid", "leaky", "client");
    try {
      vault.store(new VaultEntry(key, "Leak Test", List.of("basic"), Instant.now(), null), token);
      shown.add(vault.read(key));
      shown.add(vault.list());
      vault.delete(key);
    } catch (KeychainUnavailableException e) {
      shown.add(e); // no keychain here: the unavailable path is what gets logged
    }
  }

  private Secret keep(Secret secret) {
    secrets.add(secret);
    return secret;
  }

  private String logged() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }
}
