package io.creatorgov.creator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of style.md, as far as creator-service holds it today (see the review issue). */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.creatorgov.creator");

  @Test
  void onlyTheGrpcAndClientLayersKnowTheTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.creator.domain..",
            "io.creatorgov.creator.service..",
            "io.creatorgov.creator.repository..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "io.quarkus.grpc..")
        .check(CLASSES);
  }

  @Test
  void theDomainIsPureRulesWithoutFrameworksOrIo() {
    noClasses()
        .that()
        .resideInAPackage("io.creatorgov.creator.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "jakarta..",
            "io.vertx..",
            "io.smallrye.mutiny..",
            "org.hibernate..",
            "io.creatorgov.creator.repository..",
            "io.creatorgov.creator.service..",
            "io.creatorgov.creator.client..")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcAndClientLayersUseServiceStubs() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.creator.domain..",
            "io.creatorgov.creator.service..",
            "io.creatorgov.creator.repository..")
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
    io.creatorgov.kit.testing.HouseRules.apiMessagesStayInGrpc("io.creatorgov.creator")
        .check(CLASSES);
  }

  /**
   * service/ and domain/ work on the domain's own vocabulary (domain enums and records): no
   * generated contract type ({@code io.creatorgov.*.v1}), no {@code google.rpc} and no protobuf
   * runtime type. grpc/ maps requests and responses, feed/ encodes change-feed events and
   * repository/ owns the stored payload formats.
   *
   * <p>The one allowed generated type, {@code common.v1.ErrorReason}, is explained in HouseRules.
   */
  @Test
  void serviceAndDomainUseNoGeneratedTypes() {
    io.creatorgov.kit.testing.HouseRules.noGeneratedTypesIn(
            "io.creatorgov.creator.service..", "io.creatorgov.creator.domain..")
        .check(CLASSES);
  }

  @Test
  void commandsReadTopToBottomWithNoLambdaNestedMoreThanTwoLevels() {
    io.creatorgov.kit.testing.HouseRules.commandsReadTopToBottom(
        java.nio.file.Path.of("src/main/java/io/creatorgov/creator/service"));
  }
}
