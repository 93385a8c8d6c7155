package io.creatorgov.creator.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Every database session of the service fails fast on a stuck row lock and bounds its statements
 * (the settings are sent when a connection opens). Same test resources as {@link
 * CreatorGrpcServiceTest}, so the application is shared.
 */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_creator_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(FakePolicyService.class)
class CreatorDatabaseSessionTest {
  @Inject Pool pool;

  @Test
  void sessionsCarryALockTimeoutAndAStatementTimeout() {
    var row =
        pool.query(
                "SELECT current_setting('lock_timeout') AS lock_timeout,"
                    + " current_setting('statement_timeout') AS statement_timeout")
            .execute()
            .await()
            .indefinitely()
            .iterator()
            .next();

    assertThat(row.getString("lock_timeout")).isEqualTo("3s");
    assertThat(row.getString("statement_timeout")).isEqualTo("15s");
  }
}
