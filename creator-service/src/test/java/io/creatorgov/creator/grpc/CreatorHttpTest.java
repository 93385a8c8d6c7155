package io.creatorgov.creator.grpc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;

import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side operators use: readiness names the policy-invalidation subscription (reported,
 * never failing), liveness answers. Same test resources as {@link CreatorGrpcServiceTest}, so the
 * application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorHttpTest {

  @Test
  void readinessReportsThePolicySubscriptionWithoutFailingOnIt() {
    // UP whether announcements arrive (listening) or not (silent: no policy-service in tests)
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem("policy-invalidations"))
        .body(
            "checks.find { it.name == 'policy-invalidations' }.status",
            org.hamcrest.Matchers.is("UP"))
        .body(
            "checks.find { it.name == 'policy-invalidations' }.data.subscription",
            org.hamcrest.Matchers.oneOf("listening", "silent"));
  }

  @Test
  void livenessAnswers() {
    given().when().get("/q/health/live").then().statusCode(200);
  }
}
