package io.creatorgov.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of style.md: only grpc/ knows the transport; the domain is pure. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.creatorgov.policy");

  @Test
  void domainAndServiceLayersDoNotUseGrpcTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("io.creatorgov.policy.domain..", "io.creatorgov.policy.service..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "io.quarkus.grpc..")
        .check(CLASSES);
  }

  @Test
  void domainLayerIsFreeOfFrameworksAndIo() {
    noClasses()
        .that()
        .resideInAPackage("io.creatorgov.policy.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "jakarta..",
            "io.vertx..",
            "io.smallrye.mutiny..",
            "org.hibernate..",
            "io.creatorgov.policy.repository..",
            "io.creatorgov.policy.service..")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcLayerUsesTheServiceStubs() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.policy.domain..",
            "io.creatorgov.policy.service..",
            "io.creatorgov.policy.cache..",
            "io.creatorgov.policy.repository..")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Grpc")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleNameStartingWith("Mutiny")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcLayerKnowsTheApiMessagesAndTheWireErrorModel() {
    io.creatorgov.kit.testing.HouseRules.apiMessagesStayInGrpc("io.creatorgov.policy")
        .check(CLASSES);
  }

  @Test
  void commandsReadTopToBottomWithNoLambdaNestedMoreThanTwoLevels() {
    io.creatorgov.kit.testing.HouseRules.commandsReadTopToBottom(
        java.nio.file.Path.of("src/main/java/io/creatorgov/policy/service"));
  }
}
