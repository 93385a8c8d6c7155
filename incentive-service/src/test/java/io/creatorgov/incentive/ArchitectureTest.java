package io.creatorgov.incentive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.creatorgov.kit.testing.HouseRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The layering of style.md and ADR 0005, held by the build. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.creatorgov.incentive");

  @Test
  void theDomainIsPlainJavaWithoutGeneratedTypesFrameworksOrIo() {
    classes()
        .that()
        .resideInAPackage("io.creatorgov.incentive.domain..")
        .should()
        .onlyDependOnClassesThat()
        // the kit's MoneyAmount: exact minor-unit arithmetic, a plain value (accrual rules)
        .resideInAnyPackage("java..", "io.creatorgov.incentive.domain..", "io.creatorgov.kit.money")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcLayerKnowsTheTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.incentive.domain..",
            "io.creatorgov.incentive.service..",
            "io.creatorgov.incentive.repository..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "io.quarkus.grpc..")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcLayerUsesServiceStubs() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.incentive.domain..",
            "io.creatorgov.incentive.service..",
            "io.creatorgov.incentive.repository..")
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
    HouseRules.apiMessagesStayInGrpc("io.creatorgov.incentive").check(CLASSES);
  }

  /**
   * service/, domain/ and repository/ work on the domain's own vocabulary: no generated contract
   * type ({@code io.creatorgov.*.v1}), no {@code google.rpc} and no protobuf runtime type; grpc/
   * maps requests, responses and the stored forms of a programme's parts. The one allowed
   * exception, {@code common.v1.ErrorReason}, is explained in HouseRules.
   */
  @Test
  void serviceDomainAndRepositoryUseNoGeneratedTypes() {
    io.creatorgov.kit.testing.HouseRules.noGeneratedTypesIn(
            "io.creatorgov.incentive.service..",
            "io.creatorgov.incentive.domain..",
            "io.creatorgov.incentive.repository..")
        .check(CLASSES);
  }

  @Test
  void commandsReadTopToBottomWithNoLambdaNestedMoreThanTwoLevels() {
    HouseRules.commandsReadTopToBottom(Path.of("src/main/java/io/creatorgov/incentive/service"));
  }
}
