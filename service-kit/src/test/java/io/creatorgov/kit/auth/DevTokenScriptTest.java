package io.creatorgov.kit.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator-facing token script mints tokens the services' verifier accepts. */
class DevTokenScriptTest {
  private static final Path SCRIPT = Path.of("..", "deploy", "local", "mint-token.sh");

  @Test
  void scriptMintedTokenVerifiesWithItsPublicKey(@TempDir Path keys) throws Exception {
    assumeThat(onPath("openssl")).as("openssl installed").isTrue();

    String token =
        run(
            "bash",
            SCRIPT.toString(),
            "--key-dir",
            keys.toString(),
            "--sub",
            "ops-ana",
            "--roles",
            "creator-ops,auditor",
            "--markets",
            "ID,VN",
            "--ttl",
            "600",
            "--issuer",
            "https://auth.creatorgov.local");
    TokenVerifier verifier =
        new TokenVerifier(
            PemKeys.parsePublicKey(Files.readString(keys.resolve("dev-public.pem"))),
            "https://auth.creatorgov.local",
            Optional.empty(),
            Duration.ZERO);

    CallerIdentity caller = verifier.verify(token);

    assertThat(caller.subject()).isEqualTo("ops-ana");
    assertThat(caller.roles()).containsExactlyInAnyOrder(Role.CREATOR_OPS, Role.AUDITOR);
    assertThat(caller.marketScope()).containsExactlyInAnyOrder("ID", "VN");
  }

  @Test
  void scriptReusesItsKeyPairSoEarlierTokensStayValid(@TempDir Path keys) throws Exception {
    assumeThat(onPath("openssl")).as("openssl installed").isTrue();

    String first =
        run("bash", SCRIPT.toString(), "--key-dir", keys.toString(), "--roles", "service");
    String second =
        run("bash", SCRIPT.toString(), "--key-dir", keys.toString(), "--roles", "service");
    TokenVerifier verifier =
        new TokenVerifier(
            PemKeys.parsePublicKey(Files.readString(keys.resolve("dev-public.pem"))),
            "https://auth.creatorgov.local",
            Optional.empty(),
            Duration.ZERO);

    assertThat(verifier.verify(first).isService()).isTrue();
    assertThat(verifier.verify(second).isService()).isTrue();
  }

  @Test
  void scriptTokensVerifyAgainstTheDevKeySetByKidAndAudience(@TempDir Path keys) throws Exception {
    assumeThat(onPath("openssl")).as("openssl installed").isTrue();
    String token =
        run("bash", SCRIPT.toString(), "--key-dir", keys.toString(), "--roles", "service");
    Path jwks = keys.resolve("jwks.json");
    Files.writeString(
        jwks,
        run(
            "bash",
            SCRIPT.resolveSibling("dev-jwks.sh").toString(),
            keys.resolve("dev-public.pem").toString()));
    TokenVerifier verifier =
        new TokenVerifier(
            new JwksKeys(
                jwks.toString(), Duration.ofMinutes(5), Duration.ZERO, java.time.Clock.systemUTC()),
            "https://auth.creatorgov.local",
            Optional.of("creatorgov"),
            Duration.ZERO);

    assertThat(verifier.verify(token).isService()).isTrue();
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(err).isZero();
    return out;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
