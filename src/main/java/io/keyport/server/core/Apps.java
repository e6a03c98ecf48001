package io.keyport.server.core;

import io.keyport.api.App;
import io.keyport.api.ClientSecretInfo;
import io.keyport.api.CreatedApp;
import io.keyport.api.ErrorSlug;
import io.keyport.api.Page;
import io.keyport.api.PageRequest;
import io.keyport.api.Rules;
import io.keyport.api.Secret;
import io.keyport.api.TokenFormat;
import io.keyport.server.crypto.SecretBox;
import io.keyport.server.crypto.SecretMac;
import io.keyport.server.store.AppStore;
import io.keyport.server.store.AppStore.AppRow;
import io.keyport.server.store.AppStore.ClientRow;
import io.keyport.server.store.AppStore.SealedSecret;
import io.keyport.server.store.AppStore.SecretRow;
import io.keyport.server.store.AppStore.Updated;
import io.keyport.server.store.AuditStore;
import io.keyport.server.store.Jdbc.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for a developer's apps and their client secrets. Another owner's app is "not found".
 */
public final class Apps {
  private static final Logger LOG = LoggerFactory.getLogger(Apps.class);
  public static final String REVEAL = "secret.reveal";
  public static final String ROTATE = "secret.rotate";
  public static final String RETIRE = "secret.retire";

  /** The longest overlap a rotation may give the old secret (a week). */
  static final int MAX_OVERLAP_HOURS = 168;

  private static final int NAME_KEY_MAX_BYTES = 512;

  private final AppStore store;
  private final AuditStore audit;
  private final SecretMac mac;
  private final SecretBox box;
  private final Clock clock;
  private final TokenCache cache;
  private final LastUsed lastUsed;

  /** Apps by id (callback URLs included), remembered between requests. */
  private final TokenCache.Remembered<Long, AppRow> byId;

  /**
   * {@code cache}: client lookups remembered between grants (forgotten on every write, see {@link
   * TokenCache}); {@code lastUsed}: where each use of a client secret is noted.
   */
  public Apps(
      AppStore store,
      AuditStore audit,
      SecretMac mac,
      SecretBox box,
      Clock clock,
      TokenCache cache,
      LastUsed lastUsed) {
    this.store = store;
    this.audit = audit;
    this.mac = mac;
    this.box = box;
    this.clock = clock;
    this.cache = cache;
    this.lastUsed = lastUsed;
    this.byId = cache.remembering();
  }

  public Page<App> list(long ownerId, PageRequest page) {
    Long before = parseId("before_id", page.beforeId());
    Long since = parseId("since_id", page.sinceId());
    List<AppRow> rows = store.listByOwner(ownerId, before, since, page.count() + 1);
    boolean more = rows.size() > page.count();
    List<App> apps = rows.stream().limit(page.count()).map(Apps::toApp).toList();
    String min = apps.isEmpty() ? null : apps.get(apps.size() - 1).id();
    String max = apps.isEmpty() ? null : apps.get(0).id();
    return new Page<>(apps, min, max, more);
  }

  /** A new app with a fresh client id and secret; the secret is handed over this once. */
  public CreatedApp create(long ownerId, String name, String website, List<String> callbackUrls) {
    ApiFailure.check(Rules.appName(name));
    ApiFailure.check(Rules.website(website));
    ApiFailure.check(Rules.callbackUrls(callbackUrls));
    String cleanName = name.strip();
    String cleanWebsite = website;
    List<String> callbacks = List.copyOf(callbackUrls);
    String clientId = TokenFormat.newClientId();
    Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
    try {
      AppRow row =
          store.insert(
              ownerId,
              clientId,
              cleanName,
              nameKey(cleanName),
              cleanWebsite,
              callbacks,
              mac.mac(secret),
              box.seal(secret, clientId),
              secret.last4(),
              clock.instant());
      return CreatedApp.of(toApp(row), secret);
    } catch (StoreException e) {
      throw e.isUniqueViolation() ? nameTaken(cleanName) : e;
    }
  }

  public App get(long ownerId, String id) {
    return toApp(row(ownerId, id));
  }

  /** The owner's app, or 404 {@code not-found} (also when it is someone else's). */
  AppRow row(long ownerId, String id) {
    return store.byIdForOwner(pathId(id), ownerId).orElseThrow(Apps::notFound);
  }

  /**
   * Changes the app if it is still at {@code expectedVersion}: a null argument leaves that field as
   * it is. 412 {@code version-conflict} if the version moved on.
   */
  public App update(
      long ownerId,
      String id,
      long expectedVersion,
      String name,
      String website,
      List<String> callbackUrls) {
    long appId = pathId(id);
    if (name != null) {
      ApiFailure.check(Rules.appName(name));
    }
    if (website != null) {
      ApiFailure.check(Rules.website(website));
    }
    if (callbackUrls != null) {
      ApiFailure.check(Rules.callbackUrls(callbackUrls));
    }
    String cleanName = name == null ? null : name.strip();
    String cleanWebsite = website;
    List<String> callbacks = callbackUrls == null ? null : List.copyOf(callbackUrls);
    Updated outcome;
    try {
      outcome =
          store.update(
              appId,
              ownerId,
              expectedVersion,
              new AppStore.Changes(
                  cleanName,
                  cleanName == null ? null : nameKey(cleanName),
                  cleanWebsite,
                  callbacks),
              clock.instant());
    } catch (StoreException e) {
      throw e.isUniqueViolation() ? nameTaken(cleanName) : e;
    }
    if (outcome instanceof Updated.Done done) {
      return toApp(done.row());
    }
    if (outcome instanceof Updated.Conflict conflict) {
      throw new ApiFailure(
          ErrorSlug.VERSION_CONFLICT,
          "If-Match: the app is at version "
              + conflict.currentVersion()
              + ", not "
              + expectedVersion
              + "; reload it and try again");
    }
    throw notFound();
  }

  /** Deletes the app; every token issued to it stops working. */
  public void delete(long ownerId, String id) {
    if (!store.delete(pathId(id), ownerId, clock.instant())) {
      throw notFound();
    }
  }

  /**
   * The app's client secret (the newest live one during a rotation's overlap), written to the audit
   * log with who asked and from where.
   */
  public Secret reveal(long ownerId, String id, String address) {
    AppRow app = row(ownerId, id);
    List<SealedSecret> live = store.liveSecrets(app.id(), ownerId, clock.instant());
    if (live.isEmpty()) {
      throw notFound();
    }
    Secret secret = open(app, live.get(0).box());
    audit.record(ownerId, app.id(), app.clientId(), REVEAL, address, clock.instant());
    return secret;
  }

  private Secret open(AppRow app, String sealed) {
    try {
      return box.open(sealed, app.clientId());
    } catch (SecretBox.CannotOpen e) {
      LOG.warn(
          "The client secret of app {} does not open under this server's master key", app.id());
      throw new ApiFailure(
          ErrorSlug.SERVER_ERROR,
          "The client secret cannot be decrypted with this"
              + " server's master key (was the key replaced?); rotate the secret to get a new one");
    }
  }

  /**
   * A new client secret for the app. The one it replaces keeps working for {@code overlapHours}
   * (null or 0: it stops at once; at most {@link #MAX_OVERLAP_HOURS}); any older one stops now, so
   * at most two are live. App tokens stop with the secret that minted them. Audited.
   */
  public Secret rotate(long ownerId, String id, Integer overlapHours, String address) {
    int hours = overlapHours == null ? 0 : overlapHours;
    if (hours < 0 || hours > MAX_OVERLAP_HOURS) {
      throw ApiFailure.invalid(
          "overlap_hours", "must be a whole number of hours from 0 to " + MAX_OVERLAP_HOURS);
    }
    AppRow app = row(ownerId, id);
    Secret secret = TokenFormat.generate(TokenFormat.Kind.CLIENT_SECRET);
    Instant now = clock.instant();
    if (store
        .rotateSecret(
            app.id(),
            ownerId,
            mac.mac(secret),
            box.seal(secret, app.clientId()),
            secret.last4(),
            now,
            now.plus(Duration.ofHours(hours)))
        .isEmpty()) {
      throw notFound();
    }
    audit.record(ownerId, app.id(), app.clientId(), ROTATE, address, now);
    return secret;
  }

  /**
   * The app's live client secrets, newest first: never the secret, only its last four characters.
   */
  public List<ClientSecretInfo> secrets(long ownerId, String id) {
    AppRow app = row(ownerId, id);
    List<ClientSecretInfo> out = new ArrayList<>();
    for (SealedSecret sealed : store.liveSecrets(app.id(), ownerId, clock.instant())) {
      SecretRow s = sealed.row();
      // A secret from before last4 was kept: read it from the sealed copy (if it still opens).
      String last4 = s.last4();
      if (last4 == null) {
        try {
          last4 = open(app, sealed.box()).last4();
        } catch (ApiFailure cannotOpen) {
          last4 = null;
        }
      }
      out.add(
          new ClientSecretInfo(
              Long.toString(s.id()),
              last4,
              s.createdAt(),
              laterOf(s.lastUsedAt(), lastUsed.secretLastSeen(s.id())),
              s.expiresAt()));
    }
    return out;
  }

  /**
   * Retires one of the app's previous secrets now, ending its overlap early (and the app tokens it
   * minted), and returns it as it now is; 404 if there is no such live secret, 400 if it is the
   * app's current one (rotate instead: an app always has one). Audited.
   */
  public ClientSecretInfo retire(long ownerId, String id, String secretId, String address) {
    long secret = digits(secretId, "client secret");
    AppRow app = row(ownerId, id);
    ClientSecretInfo before =
        secrets(ownerId, id).stream()
            .filter(s -> s.id().equals(Long.toString(secret)))
            .findFirst()
            .orElseThrow(() -> ApiFailure.notFound("client secret"));
    Instant now = clock.instant();
    switch (store.retireSecret(app.id(), ownerId, secret, now)) {
      case NO_SUCH_SECRET -> throw ApiFailure.notFound("client secret");
      case CURRENT ->
          throw ApiFailure.invalid(
              "secret_id",
              "this is the app's current client secret; rotate it instead of retiring it");
      case DONE -> audit.record(ownerId, app.id(), app.clientId(), RETIRE, address, now);
    }
    return new ClientSecretInfo(
        before.id(), before.last4(), before.createdAt(), before.lastUsedAt(), now);
  }

  /**
   * The app whose client id and secret these are, or empty; when found, {@link ClientRow#used()} is
   * the live secret that matched. The secret's shape is checked before any lookup; the presented
   * secret's MAC is computed once, also for an unknown client id, and compared in constant time
   * with each live secret's.
   */
  public Optional<ClientApp> authenticateClient(String clientId, Secret secret) {
    if (clientId == null || secret == null) {
      return Optional.empty();
    }
    boolean wellFormed = TokenFormat.isWellFormed(secret.reveal(), TokenFormat.Kind.CLIENT_SECRET);
    Optional<ClientRow> client =
        wellFormed && clientId.length() == 32
            ? cache.client(clientId, () -> store.clientByClientId(clientId, clock.instant()))
            : Optional.empty();
    String presented = mac.mac(secret);
    Instant now = clock.instant();
    SecretRow matched = null;
    for (SecretRow s : client.map(ClientRow::secrets).orElse(List.of())) {
      if (SecretMac.same(presented, s.mac()) && s.liveAt(now)) {
        matched = s;
      }
    }
    if (matched == null) {
      return Optional.empty();
    }
    lastUsed.secretUsed(matched.id());
    ClientRow c = client.get();
    return Optional.of(
        new ClientApp(
            c.id(), c.clientId(), c.name(), c.website(), matched.id(), matched.expiresAt()));
  }

  Optional<AppRow> byId(long id) {
    return byId.get(id, () -> store.byId(id));
  }

  /**
   * The app with this client id (callback URLs included), or empty; a malformed id is looked up not
   * at all.
   */
  Optional<AppRow> byClientId(String clientId) {
    if (clientId == null
        || clientId.length() != 32
        || !clientId.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch))) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return cache
        .client(clientId, () -> store.clientByClientId(clientId, now))
        .filter(client -> client.secrets().stream().anyMatch(s -> s.liveAt(now)))
        .flatMap(client -> byId(client.id()));
  }

  static App toApp(AppRow row) {
    return new App(
        Long.toString(row.id()),
        row.clientId(),
        row.name(),
        row.website(),
        row.callbackUrls(),
        row.createdAt(),
        row.updatedAt(),
        Long.toString(row.version()));
  }

  /** An app id from the path: digits, else no such app. */
  static long pathId(String id) {
    return digits(id, "app");
  }

  /** An id from the path: digits, else 404 "{@code what} not found". */
  private static long digits(String id, String what) {
    if (id == null
        || id.isEmpty()
        || id.length() > 18
        || !id.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw ApiFailure.notFound(what);
    }
    return Long.parseLong(id);
  }

  private static Instant laterOf(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  static ApiFailure notFound() {
    return ApiFailure.notFound("app");
  }

  private static ApiFailure nameTaken(String name) {
    return ApiFailure.about(
        ErrorSlug.NAME_TAKEN,
        Rules.NAME,
        "you already have an app called '"
            + name
            + "' (names are compared ignoring case and how letters are encoded: full-width, accents composed or not)");
  }

  /**
   * The name's {@link Rules#nameKey} as the unique index holds it. NFKC can make a key many times
   * longer than its name (U+FDFA is 18 letters), past the column and PostgreSQL's index entry: such
   * a key is kept as its SHA-256.
   */
  static String nameKey(String name) {
    String key = Rules.nameKey(name);
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= NAME_KEY_MAX_BYTES) {
      return key;
    }
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  static Long parseId(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      long id = Long.parseLong(value);
      if (id < 0) {
        throw ApiFailure.invalid(field, "must be a non-negative id");
      }
      return id;
    } catch (NumberFormatException e) {
      throw ApiFailure.invalid(field, "must be a string of digits");
    }
  }
}
