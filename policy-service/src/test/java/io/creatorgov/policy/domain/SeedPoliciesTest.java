package io.creatorgov.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import io.creatorgov.kit.error.FieldViolation;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.policy.v1.Policy;
import io.creatorgov.policy.v1.PolicyVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The seed policies the local run loads (deploy/seed/policies) parse against the current contract
 * (no unknown or removed field) and pass the same content validation as publishing them would.
 */
class SeedPoliciesTest {
  private static final Path SEEDS = Path.of("..", "deploy", "seed", "policies");

  @Test
  void everySeedPolicyParsesAndValidatesAgainstTheContract() throws IOException {
    ContentValidator validator = new ContentValidator(MarketRegistry.defaults());
    List<Path> files;
    try (Stream<Path> listing = Files.list(SEEDS)) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    for (Path file : files) {
      JsonObject seed = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      Policy.Builder policy = Policy.newBuilder();
      JsonFormat.parser().merge(seed.get("policy").toString(), policy);
      PolicyVersion.Builder version = PolicyVersion.newBuilder();
      JsonFormat.parser().merge(seed.get("version").toString(), version);

      List<FieldViolation> problems =
          validator.validate(policy.getKind(), version.build(), "version", true);

      assertThat(problems).as(file.getFileName().toString()).isEmpty();
      assertThat(policy.getDisplayName()).as(file.getFileName().toString()).isNotBlank();
    }
  }
}
