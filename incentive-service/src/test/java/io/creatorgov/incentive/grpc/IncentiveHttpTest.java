package io.creatorgov.incentive.grpc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.containsString;

import io.creatorgov.incentive.v1.GetProgramRequest;
import io.creatorgov.incentive.v1.IncentiveServiceGrpc.IncentiveServiceBlockingStub;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side operators use, on the same port as gRPC: readiness (with the database), liveness
 * and the gRPC server metrics. Same test resources as {@link ProgramGrpcServiceTest}, so the
 * application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_incentive_test"))
@QuarkusTestResource(TestAuthKeys.class)
class IncentiveHttpTest {

  @GrpcClient("incentive")
  IncentiveServiceBlockingStub client;

  @Test
  void readinessChecksTheDatabase() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body(containsString("Reactive PostgreSQL connections health check"));
  }

  @Test
  void livenessAnswers() {
    given().when().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void grpcCallsAreMeasured() {
    catchThrowable(
        () ->
            client
                .withCallCredentials(
                    BearerAuth.of(TestAuthKeys.token("metrics-probe", Role.AUDITOR)))
                .getProgram(GetProgramRequest.newBuilder().setProgramId("prg_none").build()));
    given().when().get("/q/metrics").then().statusCode(200).body(containsString("grpc_server"));
  }
}
