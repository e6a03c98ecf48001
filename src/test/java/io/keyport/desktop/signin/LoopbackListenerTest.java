package io.keyport.desktop.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyport.api.Secret;
import io.keyport.desktop.signin.LoopbackListener.ListenerTimeoutException;
import io.keyport.desktop.signin.LoopbackListener.PortTakenException;
import io.keyport.desktop.signin.LoopbackListener.Redirect;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The loopback listener binds loopback only, takes one valid request, refuses the rest, closes. */
class LoopbackListenerTest {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final Secret state = Pkce.generate().state();

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static URI at(LoopbackListener l, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + l.address().getPort() + pathAndQuery);
  }

  @Test
  void bindsOnlyLoopbackAndLocalhostMeans127001() throws Exception {
    try (LoopbackListener l =
        LoopbackListener.open(URI.create("http://localhost/callback"), true, state)) {
      assertThat(l.address().getAddress().isLoopbackAddress()).isTrue();
      assertThat(l.address().getAddress().isAnyLocalAddress()).isFalse();
      assertThat(l.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(l.redirectUri().toString())
          .isEqualTo("http://localhost:" + l.address().getPort() + "/callback");
    }
    try (LoopbackListener l =
        LoopbackListener.open(URI.create("http://127.0.0.1:0/cb"), false, state)) {
      assertThat(l.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }
    boolean ipv6 = false;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
      ipv6 = true;
    } catch (IOException noIpv6) {
      // this machine has no IPv6 loopback
    }
    if (ipv6) {
      try (LoopbackListener l =
          LoopbackListener.open(URI.create("http://[::1]/callback"), true, state)) {
        assertThat(l.address().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(l.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(l.redirectUri().toString())
            .isEqualTo("http://[::1]:" + l.address().getPort() + "/callback");
      }
    }
    assertThatThrownBy(
            () -> LoopbackListener.open(URI.create("https://app.example.com/cb"), true, state))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoopbackListener.open(URI.create("http://0.0.0.0/cb"), true, state))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesOtherPathsAndStatesKeepsWaitingThenTakesOneValidRequestAndCloses() throws Exception {
    LoopbackListener l =
        LoopbackListener.open(URI.create("http://127.0.0.1/callback"), true, state);
    CompletableFuture<Redirect> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return l.await(Duration.ofSeconds(20));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(get(at(l, "/other?code=abc&state=" + state.reveal())).statusCode()).isEqualTo(404);
    assertThat(get(at(l, "/callback?code=abc&state=wrong")).statusCode()).isEqualTo(400);
    assertThat(get(at(l, "/callback?code=abc")).statusCode()).isEqualTo(400);
    assertThat(waiting).isNotDone();
    HttpResponse<String> ok = get(at(l, "/callback?code=the-code-1234&state=" + state.reveal()));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("You can close this tab");
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(ok.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    Redirect redirect = waiting.get();
    assertThat(redirect.code().reveal()).isEqualTo("the-code-1234");
    assertThat(l.isClosed()).isTrue();
    assertThatThrownBy(() -> get(at(l, "/callback?code=again&state=" + state.reveal())))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void anErrorRedirectWithTheRightStateIsTheOneRequest() throws Exception {
    try (LoopbackListener l =
        LoopbackListener.open(URI.create("http://127.0.0.1/cb"), true, state)) {
      get(at(l, "/cb?error=access_denied&error_description=no&state=" + state.reveal()));
      Redirect r = l.await(Duration.ofSeconds(5));
      assertThat(r.isError()).isTrue();
      assertThat(r.error()).isEqualTo("access_denied");
    }
  }

  @Test
  void closesAfterTheTimeoutAndCountsWhatItRefused() throws Exception {
    LoopbackListener l =
        LoopbackListener.open(URI.create("http://127.0.0.1/callback"), true, state);
    get(at(l, "/callback?code=x&state=nope"));
    ListenerTimeoutException timeout =
        catchThrowableOfType(() -> l.await(Duration.ofMillis(300)), ListenerTimeoutException.class);
    assertThat(timeout.wrongState()).isEqualTo(1);
    assertThat(timeout.refused()).isEqualTo(1);
    assertThat(l.isClosed()).isTrue();
    assertThatThrownBy(() -> get(at(l, "/callback"))).isInstanceOf(ConnectException.class);
  }

  @Test
  void aTakenPortIsItsOwnFailureNamingThePortAndOfferingAFreeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      PortTakenException e =
          catchThrowableOfType(
              () ->
                  LoopbackListener.open(
                      URI.create("http://127.0.0.1:" + port + "/callback"), false, state),
              PortTakenException.class);
      assertThat(e.port()).isEqualTo(port);
      assertThat(e.getMessage()).contains("Port " + port).contains("127.0.0.1");
      assertThat(e.freePort()).isPositive().isNotEqualTo(port);
      try (LoopbackListener other =
          LoopbackListener.open(
              URI.create("http://127.0.0.1:" + e.freePort() + "/callback"), false, state)) {
        assertThat(other.address().getPort()).isEqualTo(e.freePort());
      }
    }
  }

  @Test
  void secretsArePrintedMasked() {
    Pkce pkce = Pkce.generate(new SecureRandom());
    assertThat(pkce.toString())
        .doesNotContain(pkce.state().reveal())
        .doesNotContain(pkce.verifier().reveal());
    assertThat(pkce.verifier().reveal()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(pkce.state().reveal()).hasSize(22).matches("[A-Za-z0-9_-]+");
    assertThat(Pkce.generate().verifier()).isNotEqualTo(pkce.verifier());
    // RFC 7636 Appendix B.
    assertThat(Pkce.challengeOf(Secret.of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(Masking.partly(Secret.of("abcdefghijklmnop"))).isEqualTo("abcd••••op");
    assertThat(Masking.partly(Secret.of("short"))).isEqualTo("••••");
  }

  @Test
  void theSystemOpenerDependsOnTheOperatingSystem() {
    URI url = URI.create("http://127.0.0.1:1/oauth/authenticate?x=1");
    assertThat(BrowserLauncher.command("Linux", url))
        .isEqualTo(List.of("xdg-open", url.toString()));
    assertThat(BrowserLauncher.command("Mac OS X", url)).isEqualTo(List.of("open", url.toString()));
    assertThat(BrowserLauncher.command("Windows 11", url))
        .isEqualTo(List.of("rundll32", "url.dll,FileProtocolHandler", url.toString()));
  }
}
