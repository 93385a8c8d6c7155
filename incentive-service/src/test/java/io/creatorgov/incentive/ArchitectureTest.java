package io.creatorgov.incentive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
   * maps requests, responses and the stored forms of a programme's parts. One exception: {@code
   * common.v1.ErrorReason}, which the kit's shared error model (ApiException, FieldViolation) is
   * built from, so a rule that refuses with a specific reason names it.
   */
  @Test
  void serviceDomainAndRepositoryUseNoGeneratedTypes() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.incentive.service..",
            "io.creatorgov.incentive.domain..",
            "io.creatorgov.incentive.repository..")
        .should()
        .dependOnClassesThat(GENERATED_TYPES)
        .check(CLASSES);
  }

  private static final DescribedPredicate<JavaClass> GENERATED_TYPES =
      DescribedPredicate.describe(
          "generated contract types, google.rpc or protobuf (except common.v1.ErrorReason)",
          c ->
              c.getPackageName()
                      .matches(
                          "io\\.creatorgov\\.[a-z]+\\.v1(\\..*)?|com\\.google\\.(rpc|protobuf)(\\..*)?")
                  && !c.getName().equals("io.creatorgov.common.v1.ErrorReason"));

  @Test
  void commandsReadTopToBottomWithNoLambdaNestedMoreThanTwoLevels() {
    HouseRules.commandsReadTopToBottom(Path.of("src/main/java/io/creatorgov/incentive/service"));
  }
}
