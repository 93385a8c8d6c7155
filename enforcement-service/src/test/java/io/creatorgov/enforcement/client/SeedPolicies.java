package io.creatorgov.enforcement.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.creatorgov.common.v1.PolicyVariant;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed policies of deploy/seed/policies, resolved per market the way policy-service resolves
 * them for these three keys: a standing or appeals overlay replaces the base content; a catalogue
 * overlay replaces entries with the same code and adds new ones.
 */
public final class SeedPolicies {
  private SeedPolicies() {}

  public static final List<String> MARKETS =
      List.of("ID", "MY", "PH", "SG", "TH", "VN", "JP", "KR");
  public static final String CATALOGUE = "live.prohibited-items";
  public static final String STANDING = "enforcement.standing";
  public static final String APPEALS = "enforcement.appeals";
  public static final int CATALOGUE_VERSION = 3;
  public static final int STANDING_VERSION = 2;
  public static final int APPEALS_VERSION = 1;

  /** Every market's resolution of the three enforcement keys. */
  public static List<ResolvedPolicy> all() {
    List<ResolvedPolicy> all = new ArrayList<>();
    for (String market : MARKETS) {
      all.add(resolve(CATALOGUE, market, CATALOGUE_VERSION));
      all.add(resolve(STANDING, market, STANDING_VERSION));
      all.add(resolve(APPEALS, market, APPEALS_VERSION));
    }
    return all;
  }

  public static ResolvedPolicy resolve(String key, String market, int version) {
    SeedFile seed = read(key);
    PolicyContent overlay = seed.overlays().get(market);
    PolicyContent content =
        overlay == null
            ? seed.base()
            : key.equals(CATALOGUE) ? mergeCatalogue(seed.base(), overlay) : overlay;
    return ResolvedPolicy.newBuilder()
        .setPolicyKey(key)
        .setVersion(version)
        .setMarket(market)
        .setVariant(
            overlay == null
                ? PolicyVariant.POLICY_VARIANT_BASE
                : PolicyVariant.POLICY_VARIANT_MARKET_OVERLAY)
        .setEffectiveTime(ProtoTime.of(Instant.parse("2025-01-01T00:00:00Z")))
        .setContent(content)
        .build();
  }

  private static PolicyContent mergeCatalogue(PolicyContent base, PolicyContent overlay) {
    Map<String, ViolationCatalogueEntry> byCode = new LinkedHashMap<>();
    base.getViolationCatalogue().getEntriesList().forEach(e -> byCode.put(e.getCode(), e));
    overlay.getViolationCatalogue().getEntriesList().forEach(e -> byCode.put(e.getCode(), e));
    return PolicyContent.newBuilder()
        .setViolationCatalogue(ViolationCatalogue.newBuilder().addAllEntries(byCode.values()))
        .build();
  }

  private record SeedFile(PolicyContent base, Map<String, PolicyContent> overlays) {}

  private static SeedFile read(String key) {
    Path file = Path.of("..", "deploy", "seed", "policies", key + ".json");
    try {
      com.fasterxml.jackson.databind.JsonNode version =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(Files.readString(file))
              .get("version");
      PolicyContent base = content(version.get("base_content").toString());
      Map<String, PolicyContent> overlays = new LinkedHashMap<>();
      if (version.has("overlays")) {
        for (com.fasterxml.jackson.databind.JsonNode o : version.get("overlays")) {
          overlays.put(o.get("market").asText(), content(o.get("content").toString()));
        }
      }
      return new SeedFile(base, overlays);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PolicyContent content(String json) throws InvalidProtocolBufferException {
    PolicyContent.Builder builder = PolicyContent.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
    return builder.build();
  }
}
