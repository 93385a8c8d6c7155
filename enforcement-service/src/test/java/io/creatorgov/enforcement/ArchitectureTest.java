package io.creatorgov.enforcement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.creatorgov.kit.testing.LambdaNesting;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The layering of style.md, held by the build. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.creatorgov.enforcement");

  @Test
  void theDomainIsPlainJavaWithoutGeneratedTypesFrameworksOrIo() {
    // no generated proto classes, Quarkus, Mutiny, Hibernate, jakarta, gRPC or the kit:
    // only the JDK and the domain itself
    classes()
        .that()
        .resideInAPackage("io.creatorgov.enforcement.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.creatorgov.enforcement.domain..")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcAndClientLayersKnowTheTransport() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.enforcement.domain..",
            "io.creatorgov.enforcement.service..",
            "io.creatorgov.enforcement.repository..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.grpc..", "io.quarkus.grpc..")
        .check(CLASSES);
  }

  @Test
  void onlyTheGrpcAndClientLayersUseServiceStubs() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.creatorgov.enforcement.domain..",
            "io.creatorgov.enforcement.service..",
            "io.creatorgov.enforcement.repository..")
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
        .resideInAnyPackage(
            "io.creatorgov.enforcement.domain..", "io.creatorgov.enforcement.service..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "generated API request or response messages",
                (JavaClass c) ->
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

  /**
   * service/ and domain/ work on the service's own vocabulary (domain types, entities and service
   * records): no generated contract type ({@code io.creatorgov.*.v1}), no {@code google.rpc} and no
   * protobuf runtime type. grpc/ maps requests and responses and implements the stored forms
   * service/ calls through interfaces (Reply, FeedChange.Encoder, SimulationForms); client/ keeps
   * the peers' messages to itself (ResolvedRules).
   *
   * <p>The one allowed generated type, {@code common.v1.ErrorReason}, is explained in HouseRules.
   */
  @Test
  void serviceAndDomainUseNoGeneratedTypes() {
    io.creatorgov.kit.testing.HouseRules.noGeneratedTypesIn(
            "io.creatorgov.enforcement.service..", "io.creatorgov.enforcement.domain..")
        .check(CLASSES);
  }

  @Test
  void commandsReadTopToBottomWithNoLambdaNestedMoreThanTwoLevels() {
    assertThat(
            LambdaNesting.deeperThan(Path.of("src/main/java/io/creatorgov/enforcement/service"), 2))
        .as("lambdas nested deeper than two levels in service/ (split into named steps)")
        .isEmpty();
  }
}
