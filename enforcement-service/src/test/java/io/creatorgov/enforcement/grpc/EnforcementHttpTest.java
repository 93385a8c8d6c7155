package io.creatorgov.enforcement.grpc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side operators use: readiness (database, policy subscription reported without failing on
 * it), liveness, and the outbox gauges in the metrics. Same test resources as {@link
 * EnforcementGrpcServiceTest}, so the application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_enforcement_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FakeCreatorService.class)
class EnforcementHttpTest {

  @Test
  void readinessReportsThePolicySubscriptionWithoutFailingOnIt() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem("policy-invalidations"))
        .body(
            "checks.find { it.name == 'policy-invalidations' }.status",
            org.hamcrest.Matchers.is("UP"));
  }

  @Test
  void livenessAnswers() {
    given().when().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void theOutboxBacklogIsAMetric() {
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("creatorgov_enforcement_outbox_backlog"))
        .body(containsString("creatorgov_enforcement_outbox_oldest_age_seconds"));
  }
}
