package io.keyport.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyport.api.AccessToken;
import io.keyport.api.App;
import io.keyport.api.AppChanges;
import io.keyport.api.Authorization;
import io.keyport.api.Channel;
import io.keyport.api.ClientSecret;
import io.keyport.api.ClientSecretInfo;
import io.keyport.api.CreatedApp;
import io.keyport.api.Health;
import io.keyport.api.Introspection;
import io.keyport.api.Json;
import io.keyport.api.Message;
import io.keyport.api.NewApp;
import io.keyport.api.NewChannel;
import io.keyport.api.NewMessage;
import io.keyport.api.NewPassword;
import io.keyport.api.NewUser;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.PasswordStatus;
import io.keyport.api.Post;
import io.keyport.api.Rules;
import io.keyport.api.Scope;
import io.keyport.api.Scopes;
import io.keyport.api.Secret;
import io.keyport.api.ServerMetadata;
import io.keyport.api.Token;
import io.keyport.api.TokenRequest;
import io.keyport.api.User;
import io.keyport.api.Version;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed client of the Keyport API: one method per endpoint of API.md. Works against the
 * embedded server and a team server alike; the base URL is the only difference. Instances made with
 * {@link #withToken} share one connection pool, closed by the instance that made it.
 *
 * <p>Every method blocks (call it off the JavaFX thread) and fails with a {@link
 * KeyportClientException} the UI can show: {@link ApiException} when the server refused (status,
 * slug, its message verbatim, error_id; OAuth's error and error_description), {@link
 * ServerUnreachableException} naming the URL when it could not be reached or did not answer
 * (connect timeout 5 s, response timeout 30 s, see {@link #builder}), {@link
 * ResponseFormatException} when the answer is not the contract's JSON. A 429 on a GET is waited out
 * once when its Retry-After is at most 10 s; writes are never retried. Tokens, secrets and
 * passwords travel only as {@link Secret}; nothing logged holds one (the debug line per request has
 * no query string).
 */
public final class KeyportClient implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
  static final long MAX_RETRY_AFTER_SECONDS = 10;

  /** How long a 429 without a usable Retry-After is waited out before the one retry. */
  static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

  private static final String MY_PASSWORD = "/account/0/users/me/password";

  private static final Logger LOG = LoggerFactory.getLogger(KeyportClient.class);

  private final URI baseUrl;
  private final CloseableHttpClient http;
  private final boolean ownsHttp;
  private final ObjectMapper json;
  private final Secret token;
  private final Sleeper sleeper;
  private final Duration connectTimeout;
  private final Duration responseTimeout;

  private KeyportClient(
      URI baseUrl,
      CloseableHttpClient http,
      boolean ownsHttp,
      ObjectMapper json,
      Secret token,
      Sleeper sleeper,
      Duration connectTimeout,
      Duration responseTimeout) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.ownsHttp = ownsHttp;
    this.json = json;
    this.token = token;
    this.sleeper = sleeper;
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
  }

  /**
   * A client of the server at {@code baseUrl}, with no token yet: connect timeout 5 s, response
   * timeout 30 s.
   */
  public static KeyportClient create(URI baseUrl) {
    return builder(baseUrl).build();
  }

  /** A client with other timeouts than the defaults. */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  /** Makes a {@link KeyportClient}. */
  public static final class Builder {
    private final URI baseUrl;
    private Duration connectTimeout = CONNECT_TIMEOUT;
    private Duration responseTimeout = RESPONSE_TIMEOUT;
    private Sleeper sleeper = Sleeper.REAL;

    private Builder(URI baseUrl) {
      this.baseUrl = checkedBase(baseUrl);
    }

    /** How long to wait for a connection (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for the answer once connected (default 30 s). */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = positive(timeout, "responseTimeout");
      return this;
    }

    /**
     * How the wait before retrying a rate-limited GET passes; tests move a clock instead of
     * sleeping.
     */
    Builder sleeper(Sleeper waiting) {
      this.sleeper = Objects.requireNonNull(waiting, "sleeper");
      return this;
    }

    public KeyportClient build() {
      PoolingHttpClientConnectionManager pool =
          PoolingHttpClientConnectionManagerBuilder.create()
              .setDefaultConnectionConfig(
                  ConnectionConfig.custom()
                      .setConnectTimeout(Timeout.of(connectTimeout))
                      .setSocketTimeout(Timeout.of(responseTimeout))
                      // a kept-alive connection the server has closed meanwhile is noticed before
                      // reuse
                      .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                      .build())
              .setMaxConnTotal(20)
              .setMaxConnPerRoute(20)
              .setTlsSocketStrategy(new FirstUseTls())
              .build();
      CloseableHttpClient http =
          HttpClients.custom()
              .setConnectionManager(pool)
              .setDefaultRequestConfig(
                  RequestConfig.custom()
                      .setResponseTimeout(Timeout.of(responseTimeout))
                      .setRedirectsEnabled(false)
                      .build())
              .setUserAgent("Keyport/" + Version.current())
              .disableAutomaticRetries()
              .disableCookieManagement()
              .disableAuthCaching()
              .build();
      return new KeyportClient(
          baseUrl, http, true, Json.mapper(), null, sleeper, connectTimeout, responseTimeout);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration");
      }
      return d;
    }
  }

  /**
   * httpclient's default TLS, made at the first https connection instead of with the client: making
   * it loads the JDK's trust store and TLS classes (~100 ms), which the embedded server's http://
   * never needs.
   */
  private static final class FirstUseTls implements TlsSocketStrategy {
    private volatile TlsSocketStrategy tls;

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy made = tls;
      if (made == null) {
        synchronized (this) {
          made = tls;
          if (made == null) {
            made = DefaultClientTlsStrategy.createDefault();
            tls = made;
          }
        }
      }
      return made.upgrade(socket, target, port, attachment, context);
    }
  }

  /** The wait before the one retry of a rate-limited GET. */
  interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }

  private static URI checkedBase(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Rules.serverUrl(baseUrl.toString())
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem.message());
            });
    return URI.create(baseUrl.toString().replaceAll("/+$", ""));
  }

  /** The same server and connection pool, calling with {@code bearer}. */
  public KeyportClient withToken(Secret bearer) {
    return new KeyportClient(
        baseUrl,
        http,
        false,
        json,
        Objects.requireNonNull(bearer, "bearer"),
        sleeper,
        connectTimeout,
        responseTimeout);
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** Whether calls carry a bearer token. */
  public boolean hasToken() {
    return token != null;
  }

  @Override
  public String toString() {
    return "KeyportClient[" + baseUrl + (token == null ? ", no token" : ", token " + token) + "]";
  }

  // ---- health and scopes ----------------------------------------------------------------------

  public Health health() {
    return data(Call.get("/health"), Health.class);
  }

  public List<Scope> scopes() {
    return data(Call.get("/stream/0/scopes"), new TypeReference<List<Scope>>() {});
  }

  // ---- accounts and sign-in -------------------------------------------------------------------

  public User signUp(NewUser user) {
    return data(Call.post("/account/0/users", user), User.class);
  }

  public User me() {
    return data(Call.get("/stream/0/users/me"), User.class);
  }

  /**
   * Whether the caller's account has a password, which the server's web sign-in page needs (the
   * embedded server's local account starts without one). Needs a developer token.
   */
  public PasswordStatus passwordStatus() {
    return data(Call.get(MY_PASSWORD), PasswordStatus.class);
  }

  /**
   * Sets the caller's password (an account without one) or changes it ({@code current} must then be
   * the current one: 403 {@code invalid-password} if not, 429 {@code rate-limited} after too many
   * wrong ones). A password the rules refuse is 400 {@code invalid-request} on {@code password}.
   */
  public PasswordStatus setPassword(Secret password, Secret current) {
    return data(Call.put(MY_PASSWORD, new NewPassword(password, current)), PasswordStatus.class);
  }

  /** The first-party password grant: a {@code basic,developer} token for the desktop. */
  public AccessToken passwordGrant(String username, Secret password) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", Scopes.DESKTOP_CLIENT_ID);
    form.put("username", username);
    form.put("password", password.reveal());
    return oauth(form, null);
  }

  /** The client-credentials grant, authenticating the app with HTTP Basic: an app token. */
  public AccessToken clientCredentials(String clientId, Secret clientSecret) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    return oauth(form, basic(clientId, clientSecret));
  }

  /** RFC 6749 §2.3.1: HTTP Basic of the form-encoded client id and secret. */
  private static String basic(String clientId, Secret clientSecret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (formEncode(clientId) + ":" + formEncode(clientSecret.reveal()))
                    .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code grant_type=authorization_code} (web sign-in): the code the browser brought back, the
   * redirect URI it was issued for and the PKCE verifier. {@code clientSecret} null: a public
   * client (keyport-desktop) sends its client_id alone; otherwise the client authenticates with
   * HTTP Basic.
   */
  public AccessToken exchangeCode(
      String clientId, Secret clientSecret, Secret code, String redirectUri, Secret codeVerifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code.reveal());
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier.reveal());
    if (clientSecret == null) {
      form.put("client_id", clientId);
    }
    return oauth(form, clientSecret == null ? null : basic(clientId, clientSecret));
  }

  /** RFC 7662 introspection of a token issued to this client (else {@code active: false}). */
  public Introspection introspect(String clientId, Secret clientSecret, Secret token) {
    return convert(
        oauthPost(
            "/oauth/introspect", Map.of("token", token.reveal()), basic(clientId, clientSecret)),
        json.constructType(Introspection.class));
  }

  /** RFC 7009: revokes a token issued to this client; quiet about any other. */
  public void revoke(String clientId, Secret clientSecret, Secret token) {
    oauthPost("/oauth/revoke", Map.of("token", token.reveal()), basic(clientId, clientSecret));
  }

  /** RFC 8414 metadata of the server: its issuer and endpoints. */
  public ServerMetadata metadata() {
    return convert(
        send(Call.get("/.well-known/oauth-authorization-server")).body(),
        json.constructType(ServerMetadata.class));
  }

  // ---- authorized apps ------------------------------------------------------------------------

  /** The apps the caller authorized by web sign-in (needs a developer token). */
  public List<Authorization> authorizations() {
    return data(Call.get("/account/0/authorizations"), new TypeReference<List<Authorization>>() {});
  }

  /** Revokes every token the caller gave that app and forgets the consent. */
  public void revokeAuthorization(String clientId) {
    send(Call.delete("/account/0/authorizations/" + formEncode(clientId)));
  }

  // ---- apps -----------------------------------------------------------------------------------

  public Page<App> listApps(PageRequest page) {
    return page("/account/0/apps", page, App.class);
  }

  /** Every app of the caller, following the pages. */
  public List<App> listAllApps() {
    List<App> all = new ArrayList<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_COUNT);
    while (true) {
      Page<App> got = listApps(page);
      all.addAll(got.items());
      if (!got.more() || got.minId() == null || got.minId().equals(page.beforeId())) {
        return all;
      }
      page = page.before(got.minId());
    }
  }

  public CreatedApp createApp(NewApp app) {
    return data(Call.post("/account/0/apps", app), CreatedApp.class);
  }

  public App getApp(String id) {
    return data(Call.get(appPath(id)), App.class);
  }

  /**
   * Changes the app if it is still at {@code version}; a 412 {@code version-conflict} otherwise.
   */
  public App updateApp(String id, String version, AppChanges changes) {
    return data(Call.patch(appPath(id), changes).header("If-Match", version), App.class);
  }

  public void deleteApp(String id) {
    send(Call.delete(appPath(id)));
  }

  public Secret revealSecret(String appId) {
    return data(Call.post(appPath(appId) + "/secret/reveal", Map.of()), ClientSecret.class)
        .clientSecret();
  }

  /** A new client secret; the old one stops at once. */
  public Secret rotateSecret(String appId) {
    return rotateSecret(appId, 0);
  }

  /**
   * A new client secret; the old one keeps working for {@code overlapHours} (0–168), so that the
   * app's deployments can move over without downtime. At most two secrets are live.
   */
  public Secret rotateSecret(String appId, int overlapHours) {
    return data(
            Call.post(appPath(appId) + "/secret/rotate", Map.of("overlap_hours", overlapHours)),
            ClientSecret.class)
        .clientSecret();
  }

  /** The app's live client secrets, newest first (never the secrets themselves). */
  public List<ClientSecretInfo> listSecrets(String appId) {
    return data(
        Call.get(appPath(appId) + "/secrets"), new TypeReference<List<ClientSecretInfo>>() {});
  }

  /**
   * Retires one of the app's live secrets now; returns it as it now is (its {@code expiresAt} now).
   */
  public ClientSecretInfo retireSecret(String appId, String secretId) {
    return data(
        Call.delete(appPath(appId) + "/secrets/" + formEncode(secretId)), ClientSecretInfo.class);
  }

  /** The caller's own token for the app, if any. */
  public Optional<Token> myToken(String appId) {
    return Optional.ofNullable(data(Call.get(appPath(appId) + "/tokens/me"), Token.class));
  }

  /**
   * "Generate a user token for yourself"; the caller's previous token for the app stops working.
   */
  public AccessToken generateToken(String appId, TokenRequest request) {
    return data(Call.post(appPath(appId) + "/tokens/me", request), AccessToken.class);
  }

  // ---- posts, channels, messages (a user token with the scope API.md names) -------------------

  /** {@code write_post}: a post of 1–256 characters. */
  public Post createPost(String text) {
    return data(Call.post("/stream/0/posts", Map.of("text", text)), Post.class);
  }

  /** One post; needs no token. */
  public Post getPost(String id) {
    return data(Call.get("/stream/0/posts/" + formEncode(id)), Post.class);
  }

  /** {@code write_post}: deletes the caller's own post. */
  public Post deletePost(String id) {
    return data(Call.delete("/stream/0/posts/" + formEncode(id)), Post.class);
  }

  /** A user's posts, newest first ({@code me}: the caller's). */
  public Page<Post> userPosts(String userId, PageRequest page) {
    return page("/stream/0/users/" + formEncode(userId) + "/posts", page, Post.class);
  }

  /** {@code stream}: the caller's stream. */
  public Page<Post> stream(PageRequest page) {
    return page("/stream/0/posts/stream", page, Post.class);
  }

  /** {@code update_profile}: the caller's display name. */
  public User updateName(String name) {
    return data(Call.patch("/stream/0/users/me", Map.of("name", name)), User.class);
  }

  /** {@code public_messages} for a public channel, {@code messages} otherwise. */
  public Channel createChannel(NewChannel channel) {
    return data(Call.post("/stream/0/channels", channel), Channel.class);
  }

  /** The channels the caller owns or edits, newest first. */
  public Page<Channel> myChannels(PageRequest page) {
    return page("/stream/0/channels", page, Channel.class);
  }

  /** One channel; a public one needs no token. */
  public Channel getChannel(String id) {
    return data(Call.get(channelPath(id)), Channel.class);
  }

  /** A message from the caller, who must be one of the channel's editors. */
  public Message sendMessage(String channelId, NewMessage message) {
    return data(Call.post(channelPath(channelId) + "/messages", message), Message.class);
  }

  /** The channel's messages, newest first; a public channel's need no token. */
  public Page<Message> messages(String channelId, PageRequest page) {
    return page(channelPath(channelId) + "/messages", page, Message.class);
  }

  /** Deletes the caller's own message. */
  public Message deleteMessage(String channelId, String messageId) {
    return data(
        Call.delete(channelPath(channelId) + "/messages/" + formEncode(messageId)), Message.class);
  }

  /** Where anyone reads a public channel's messages, without a token. */
  public URI publicMessagesUrl(String channelId) {
    return URI.create(baseUrl + channelPath(channelId) + "/messages");
  }

  // ---- tokens ---------------------------------------------------------------------------------

  public Token currentToken() {
    return data(Call.get("/stream/0/token"), Token.class);
  }

  public void revokeCurrentToken() {
    send(Call.delete("/stream/0/token"));
  }

  /** With an app token: the user tokens issued to the app (metadata only). */
  public List<Token> appTokens() {
    return data(Call.get("/stream/0/apps/me/tokens"), new TypeReference<List<Token>>() {});
  }

  /** With an app token: the ids of users who authorized the app. */
  public List<String> appTokenUserIds() {
    return data(
        Call.get("/stream/0/apps/me/tokens/user_ids"), new TypeReference<List<String>>() {});
  }

  @Override
  public void close() {
    if (ownsHttp) {
      try {
        http.close();
      } catch (IOException ignored) {
        // closing a pool of idle connections: nothing to tell the user
      }
    }
  }

  // ---- the wire -------------------------------------------------------------------------------

  private static String appPath(String id) {
    return "/account/0/apps/" + formEncode(id);
  }

  private static String channelPath(String id) {
    return "/stream/0/channels/" + formEncode(id);
  }

  /** One page of an App.net list at {@code path}, with its cursors. */
  private <T> Page<T> page(String path, PageRequest page, Class<T> type) {
    StringBuilder query = new StringBuilder(path).append("?count=").append(page.count());
    if (page.beforeId() != null) {
      query.append("&before_id=").append(formEncode(page.beforeId()));
    }
    if (page.sinceId() != null) {
      query.append("&since_id=").append(formEncode(page.sinceId()));
    }
    Answer answer = send(Call.get(query.toString()));
    List<T> items =
        convert(
            answer.body().get("data"),
            json.getTypeFactory().constructCollectionType(List.class, type));
    JsonNode meta = answer.body().get("meta");
    return new Page<>(
        items, text(meta, "min_id"), text(meta, "max_id"), meta.path("more").asBoolean(false));
  }

  private <T> T data(Call call, Class<T> type) {
    return convert(send(call).body().get("data"), json.constructType(type));
  }

  private <T> T data(Call call, TypeReference<T> type) {
    return convert(send(call).body().get("data"), json.constructType(type));
  }

  private <T> T convert(JsonNode node, JavaType type) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ResponseFormatException(
          "The server's answer does not match the API (" + type.getRawClass().getSimpleName() + ")",
          null);
    }
  }

  private AccessToken oauth(Map<String, String> form, String authorization) {
    JsonNode answer = oauthPost("/oauth/access_token", form, authorization);
    try {
      return json.treeToValue(answer, AccessToken.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ResponseFormatException("The server's token answer does not match the API", null);
    }
  }

  /** A form POST to an {@code /oauth/*} endpoint; the answer's JSON. */
  private JsonNode oauthPost(String path, Map<String, String> form, String authorization) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&").append(k).append('=').append(formEncode(v)));
    Call call =
        new Call(
            "POST",
            path,
            body.toString().getBytes(StandardCharsets.UTF_8),
            ContentType.APPLICATION_FORM_URLENCODED);
    if (authorization != null) {
      call.header("Authorization", authorization);
    }
    return send(call).body();
  }

  private static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * Sends the call. A 429 on a GET waits out {@code Retry-After} once and retries, when the wait is
   * at most 10 s; a longer one would only be refused again, so the 429 comes back at once (with
   * {@link ApiException#retryAfterSeconds()}). Writes are never retried.
   */
  private Answer send(Call call) {
    Answer answer = exchange(call);
    if (answer.status() == 429 && call.method.equals("GET")) {
      long wait =
          answer.retryAfterSeconds() < 0 ? DEFAULT_RETRY_AFTER_SECONDS : answer.retryAfterSeconds();
      if (wait <= MAX_RETRY_AFTER_SECONDS) {
        LOG.debug("GET {} was rate-limited; retrying once after {} s", call.logPath(), wait);
        try {
          sleeper.sleep(Duration.ofSeconds(wait));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw failure(answer);
        }
        answer = exchange(call);
      }
    }
    if (answer.status() >= 300) {
      throw failure(answer);
    }
    return answer;
  }

  private Answer exchange(Call call) {
    HttpUriRequestBase request =
        new HttpUriRequestBase(call.method, URI.create(baseUrl + call.path));
    request.setHeader("Accept", "application/json");
    if (token != null && !call.headers.containsKey("Authorization")) {
      request.setHeader("Authorization", "Bearer " + token.reveal());
    }
    call.headers.forEach(request::setHeader);
    if (call.body != null) {
      request.setEntity(new ByteArrayEntity(call.body, call.contentType));
    }
    long started = System.nanoTime();
    try {
      Answer answer =
          http.execute(
              request,
              response -> {
                byte[] bytes =
                    response.getEntity() == null
                        ? new byte[0]
                        : EntityUtils.toByteArray(response.getEntity());
                return new Answer(
                    response.getCode(), parse(bytes, response.getCode()), retryAfter(response));
              });
      LOG.debug(
          "{} {} -> {} ({} ms)",
          call.method,
          call.logPath(),
          answer.status(),
          (System.nanoTime() - started) / 1_000_000);
      return answer;
    } catch (IOException e) {
      LOG.debug("{} {} -> {}", call.method, call.logPath(), e.getClass().getSimpleName());
      throw new ServerUnreachableException(baseUrl, e, connectTimeout, responseTimeout);
    }
  }

  /** Retry-After in seconds; -1 when absent or not a number of seconds. */
  private static long retryAfter(ClassicHttpResponse response) {
    Header retry = response.getFirstHeader("Retry-After");
    if (retry == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(retry.getValue().trim()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private JsonNode parse(byte[] bytes, int status) {
    if (bytes.length == 0) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(bytes);
    } catch (IOException e) {
      if (status >= 300) {
        return json.createObjectNode();
      }
      throw new ResponseFormatException(
          "The server answered " + status + " with something that is not JSON", null);
    }
  }

  private static ApiException failure(Answer answer) {
    JsonNode body = answer.body();
    JsonNode meta = body.get("meta");
    if (meta != null && meta.isObject()) {
      return new ApiException(
          answer.status(),
          text(meta, "error_slug"),
          text(meta, "error_message"),
          text(meta, "error_id"),
          Math.max(0, answer.retryAfterSeconds()),
          text(meta, "error_field"));
    }
    if (body.has("error")) {
      return new ApiException(
          answer.status(),
          text(body, "error"),
          text(body, "error_description"),
          null,
          Math.max(0, answer.retryAfterSeconds()));
    }
    return new ApiException(
        answer.status(), null, null, null, Math.max(0, answer.retryAfterSeconds()));
  }

  private record Answer(int status, JsonNode body, long retryAfterSeconds) {}

  /** One request to send: method, path with query, JSON or form body, extra headers. */
  private static final class Call {
    final String method;
    final String path;
    final byte[] body;
    final ContentType contentType;
    final Map<String, String> headers = new LinkedHashMap<>();

    Call(String method, String path, byte[] body, ContentType contentType) {
      this.method = method;
      this.path = path;
      this.body = body;
      this.contentType = contentType;
    }

    static Call get(String path) {
      return new Call("GET", path, null, null);
    }

    static Call delete(String path) {
      return new Call("DELETE", path, null, null);
    }

    static Call post(String path, Object body) {
      return new Call("POST", path, jsonBytes(body), ContentType.APPLICATION_JSON);
    }

    static Call put(String path, Object body) {
      return new Call("PUT", path, jsonBytes(body), ContentType.APPLICATION_JSON);
    }

    static Call patch(String path, Object body) {
      return new Call("PATCH", path, jsonBytes(body), ContentType.APPLICATION_JSON);
    }

    /** The path without its query, for log lines. */
    String logPath() {
      int q = path.indexOf('?');
      return q < 0 ? path : path.substring(0, q);
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    private static final ObjectMapper WRITER = Json.mapper();

    private static byte[] jsonBytes(Object body) {
      try {
        return WRITER.writeValueAsBytes(body);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write the request body as JSON", e);
      }
    }
  }
}
