package io.creatorgov.kit.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;

/**
 * The architecture rules of style.md and ADR 0005 that every service checks in its
 * ArchitectureTest, written once.
 */
public final class HouseRules {
  private HouseRules() {}

  /**
   * {@code <basePackage>.service} and {@code .domain} use no generated request/response message and
   * no {@code google.rpc} type: grpc/ maps requests into commands and results into responses, and
   * the kit builds error details from ApiException.
   */
  public static ArchRule apiMessagesStayInGrpc(String basePackage) {
    return noClasses()
        .that()
        .resideInAnyPackage(basePackage + ".domain..", basePackage + ".service..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "generated API request or response messages", HouseRules::isApiMessage))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("com.google.rpc..");
  }

  /**
   * The given packages work on the service's own vocabulary (domain enums and records): no
   * generated contract type ({@code io.creatorgov.*.v1}), no {@code google.rpc} and no protobuf
   * runtime type; grpc/ maps requests, responses and stored forms.
   *
   * <p>One exception: {@code common.v1.ErrorReason}. The kit's shared error model ({@code
   * ApiException}, which every layer throws and GrpcErrorMapper turns into {@code
   * google.rpc.Status}) is built from it, so a business rule that refuses with a specific reason
   * names it; wrapping it would only duplicate the catalogue of errors.proto.
   */
  public static ArchRule noGeneratedTypesIn(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "generated contract types, google.rpc or protobuf (except common.v1.ErrorReason)",
                HouseRules::isGeneratedType));
  }

  private static boolean isGeneratedType(JavaClass c) {
    return c.getPackageName()
            .matches("io\\.creatorgov\\.[a-z]+\\.v1(\\..*)?|com\\.google\\.(rpc|protobuf)(\\..*)?")
        && !c.getName().equals("io.creatorgov.common.v1.ErrorReason");
  }

  /** A command reads top to bottom: no lambda in {@code serviceSources} nests deeper than two. */
  public static void commandsReadTopToBottom(Path serviceSources) {
    assertThat(LambdaNesting.deeperThan(serviceSources, 2))
        .as("lambdas nested deeper than two levels in %s (split into named steps)", serviceSources)
        .isEmpty();
  }

  private static boolean isApiMessage(JavaClass c) {
    String name = c.getSimpleName();
    return c.getPackageName().matches("io\\.creatorgov\\.[a-z]+\\.v1")
        && (name.endsWith("Request")
            || name.endsWith("Response")
            || name.endsWith("RequestOrBuilder")
            || name.endsWith("ResponseOrBuilder"));
  }
}
