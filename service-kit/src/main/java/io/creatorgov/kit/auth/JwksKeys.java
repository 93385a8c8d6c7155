package io.creatorgov.kit.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * The verification keys of an identity provider, from a JSON Web Key Set (a file or an {@code
 * http(s)} URL, as OIDC providers publish it), selected by each token's {@code kid}.
 *
 * <p>Rotation without a restart or downtime: the set is read again every {@code refresh}, and at
 * once (at most every {@code minReload}) when a token names a {@code kid} it does not hold — so a
 * new key is accepted as soon as the provider publishes it, both keys verify during the overlap,
 * and a removed key stops verifying within {@code refresh}. If the set cannot be read, the last
 * good one stays in use (logged), so a flaky provider endpoint does not lock everyone out.
 *
 * <p>Tokens are verified on the gRPC event loop, which must never block: a key set at an {@code
 * http(s)} URL is therefore read again in the background (the call that noticed answers with the
 * keys it has; a token with a just-published kid passes as soon as that read completes). A file is
 * local and small, and is read in place.
 */
public final class JwksKeys implements VerificationKeyResolver {
  private static final Logger LOG = Logger.getLogger(JwksKeys.class);

  private final String location;
  private final Duration refresh;
  private final Duration minReload;
  private final Clock clock;
  private final HttpClient http;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean reloading =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.Executor background;

  /**
   * A key set as read, when, and its version: the version moves only when the keys themselves
   * change (one added, removed or replaced), so tokens verified earlier stay good across reads of
   * the same set and are verified again after a rotation.
   */
  private record Loaded(List<JsonWebKey> keys, Instant loadedAt, long version) {
    Loaded next(List<JsonWebKey> read, Instant at) {
      return new Loaded(
          read, at, fingerprint(read).equals(fingerprint(keys)) ? version : version + 1);
    }

    private static List<String> fingerprint(List<JsonWebKey> keys) {
      return keys.stream().map(JsonWebKey::toJson).sorted().toList();
    }
  }

  public JwksKeys(String location, Duration refresh, Duration minReload, Clock clock) {
    this.location = location;
    this.refresh = refresh;
    this.minReload = minReload;
    this.clock = clock;
    this.http =
        location.startsWith("http://") || location.startsWith("https://")
            ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
            : null;
    this.background =
        http == null
            ? null
            : java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "jwks-refresh");
                  t.setDaemon(true);
                  return t;
                });
    current.set(new Loaded(read(), clock.instant(), 0)); // fail at start-up if it cannot be read
  }

  /**
   * The version of the key set in use, reading the set again first when it is due (as verifying a
   * token would): a cache of verified tokens keyed by this version drops them when a key is
   * revoked, even when no token is verified in between.
   */
  public long version() {
    Loaded loaded = current.get();
    if (!clock.instant().isBefore(loaded.loadedAt().plus(refresh))) {
      loaded = refresh(loaded);
    }
    return loaded.version();
  }

  @Override
  public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
      throws UnresolvableKeyException {
    String kid = jws.getKeyIdHeaderValue();
    Loaded loaded = current.get();
    if (!clock.instant().isBefore(loaded.loadedAt().plus(refresh))) {
      loaded = refresh(loaded);
    }
    Key key = select(loaded.keys(), kid);
    if (key == null && !clock.instant().isBefore(loaded.loadedAt().plus(minReload))) {
      key = select(refresh(loaded).keys(), kid); // perhaps a key published since the last read
    }
    if (key == null) {
      throw new UnresolvableKeyException(
          "no verification key " + (kid == null ? "(token has no kid)" : "with kid " + kid));
    }
    return key;
  }

  /** The key with the token's kid; without a kid, the set's only RSA key. */
  private static Key select(List<JsonWebKey> keys, String kid) {
    List<JsonWebKey> rsa = keys.stream().filter(k -> k instanceof RsaJsonWebKey).toList();
    if (kid == null) {
      return rsa.size() == 1 ? rsa.get(0).getKey() : null;
    }
    return rsa.stream()
        .filter(k -> kid.equals(k.getKeyId()))
        .findFirst()
        .map(JsonWebKey::getKey)
        .orElse(null);
  }

  /** A file is read now; a URL in the background (never blocking the caller's event loop). */
  private Loaded refresh(Loaded seen) {
    if (background == null) {
      return reload(seen);
    }
    if (reloading.compareAndSet(false, true)) {
      background.execute(
          () -> {
            try {
              reload(seen);
            } finally {
              reloading.set(false);
            }
          });
    }
    return seen;
  }

  private synchronized Loaded reload(Loaded seen) {
    Loaded now = current.get();
    if (now != seen) {
      return now; // another caller reloaded meanwhile
    }
    try {
      Loaded fresh = seen.next(read(), clock.instant());
      current.set(fresh);
      return fresh;
    } catch (RuntimeException e) {
      LOG.warnf(
          "cannot read the JWKS at %s, keeping the last good one: %s", location, e.getMessage());
      Loaded kept = new Loaded(seen.keys(), clock.instant(), seen.version());
      current.set(kept);
      return kept;
    }
  }

  private List<JsonWebKey> read() {
    try {
      String json;
      if (http != null) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(location))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
          throw new IllegalStateException("HTTP " + response.statusCode() + " from " + location);
        }
        json = response.body();
      } else {
        json = Files.readString(Path.of(location), StandardCharsets.UTF_8);
      }
      return new JsonWebKeySet(json).getJsonWebKeys();
    } catch (IOException | JoseException e) {
      throw new IllegalStateException(
          "cannot read the JWKS at " + location + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the JWKS at " + location, e);
    }
  }
}
