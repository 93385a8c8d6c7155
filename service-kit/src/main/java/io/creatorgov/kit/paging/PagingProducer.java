package io.creatorgov.kit.paging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Produces the service's {@link PageTokens} from {@code creatorgov.paging.secret} (at least 32
 * characters; set it from a Kubernetes secret so every replica accepts every other's tokens) and
 * {@code creatorgov.paging.token-ttl} (default 1h).
 */
@ApplicationScoped
public class PagingProducer {
  private static final Logger LOG = Logger.getLogger(PagingProducer.class);

  @Produces
  @ApplicationScoped
  PageTokens pageTokens(
      @ConfigProperty(name = "creatorgov.paging.secret") Optional<String> secret,
      @ConfigProperty(name = "creatorgov.paging.token-ttl", defaultValue = "1h") Duration ttl) {
    byte[] key;
    if (secret.isPresent()) {
      key = secret.get().getBytes(StandardCharsets.UTF_8);
    } else {
      LOG.warn(
          "creatorgov.paging.secret is not set: page tokens use a random per-process key and"
              + " will not work across replicas or restarts");
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    }
    return new PageTokens(key, Clock.systemUTC(), ttl);
  }
}
