package io.creatorgov.creator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

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
    // requests and responses are mapped to and from commands in grpc/; google.rpc details are
    // built by the kit from ApiException
    noClasses()
        .that()
        .resideInAnyPackage("io.creatorgov.creator.domain..", "io.creatorgov.creator.service..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "generated API request or response messages",
                (com.tngtech.archunit.core.domain.JavaClass c) ->
                    c.getPackageName().matches("io\\.creatorgov\\.[a-z]+\\.v1")
                        && (c.getSimpleName().endsWith("Request")
                            || c.getSimpleName().endsWith("Response")
                            || c.getSimpleName().endsWith("RequestOrBuilder")
                            || c.getSimpleName().endsWith("ResponseOrBuilder"))))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("com.google.rpc..")
        .check(CLASSES);
  }

  @Test
  void commandsReadTopToBottomWithNoLambdaNestedMoreThanTwoLevels() {
    assertThat(
            io.creatorgov.kit.testing.LambdaNesting.deeperThan(
                java.nio.file.Path.of("src/main/java/io/creatorgov/creator/service"), 2))
        .as("lambdas nested deeper than two levels in service/ (split into named steps)")
        .isEmpty();
  }
}
