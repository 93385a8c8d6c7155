package io.creatorgov.kit.market;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the {@link MarketRegistry} from {@code creatorgov.markets.definitions} ({@code
 * CODE:CURRENCY:ZONE,...}; default: the eight APAC markets) and {@code creatorgov.markets.disabled}
 * (codes kept but refused).
 */
@ApplicationScoped
public class MarketRegistryProducer {

  @Produces
  @ApplicationScoped
  MarketRegistry marketRegistry(
      @ConfigProperty(name = "creatorgov.markets.definitions") Optional<String> definitions,
      @ConfigProperty(name = "creatorgov.markets.disabled") Optional<List<String>> disabled) {
    Set<String> off =
        disabled.orElse(List.of()).stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    return MarketRegistry.parse(definitions.orElse(MarketRegistry.DEFAULT_DEFINITIONS), off);
  }
}
