package io.keyport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.CreatedApp;
import io.keyport.api.ErrorSlug;
import io.keyport.api.NewApp;
import io.keyport.api.NewUser;
import io.keyport.api.Secret;
import io.keyport.api.TokenRequest;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client against a standalone server on PostgreSQL, on its own port: the base URL is the only
 * difference from the embedded server (every method's own tests run in KeyportClientTest, on H2).
 */
class ClientOnPostgresTest {
  @Test
  void theDesktopsJourneyAgainstATeamServer() {
    KeyportServer server = TestServers.POSTGRES.start(c -> c.withSignup(true));
    try (KeyportClient anonymous = KeyportClient.create(server.baseUrl())) {
      anonymous.signUp(new NewUser("teammate", Secret.of("team password 2026"), "Team Mate"));
      KeyportClient dev =
          anonymous.withToken(
              anonymous.passwordGrant("teammate", Secret.of("team password 2026")).accessToken());
      assertThat(dev.me().username()).isEqualTo("teammate");

      CreatedApp created =
          dev.createApp(
              new NewApp("Team App", "https://example.com", List.of("http://localhost:8000")));
      assertThat(dev.listAllApps()).extracting(App::id).containsExactly(created.id());
      AccessToken token =
          dev.generateToken(created.id(), new TokenRequest(List.of("stream"), null));
      assertThat(anonymous.withToken(token.accessToken()).currentToken().app().name())
          .isEqualTo("Team App");
      assertThat(dev.revealSecret(created.id())).isEqualTo(created.clientSecret());

      ApiException taken =
          catchThrowableOfType(
              ApiException.class,
              () ->
                  dev.createApp(
                      new NewApp(
                          "team app", "https://example.com", List.of("http://localhost:8000"))));
      assertThat(taken.is(ErrorSlug.NAME_TAKEN)).isTrue();
      assertThat(taken.errorId()).isNotBlank();
    } finally {
      server.close();
    }
  }
}
