package io.creatorgov.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

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
    // requests and responses are mapped to and from commands in grpc/; google.rpc details are
    // built by the kit from ApiException
    noClasses()
        .that()
        .resideInAnyPackage("io.creatorgov.policy.domain..", "io.creatorgov.policy.service..")
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
                java.nio.file.Path.of("src/main/java/io/creatorgov/policy/service"), 2))
        .as("lambdas nested deeper than two levels in service/ (split into named steps)")
        .isEmpty();
  }
}
