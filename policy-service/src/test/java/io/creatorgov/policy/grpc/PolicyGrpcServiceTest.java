package io.creatorgov.policy.grpc;

import static io.creatorgov.policy.grpc.PolicyFixtures.catalogue;
import static io.creatorgov.policy.grpc.PolicyFixtures.catalogueContent;
import static io.creatorgov.policy.grpc.PolicyFixtures.catalogueVersion;
import static io.creatorgov.policy.grpc.PolicyFixtures.entry;
import static io.creatorgov.policy.grpc.PolicyFixtures.requestId;
import static io.creatorgov.policy.grpc.PolicyFixtures.uniqueKey;
import static java.time.temporal.ChronoUnit.MICROS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;
import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.common.v1.PolicyVariant;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ErrorDetails;
import io.creatorgov.kit.testing.BearerAuth;
import io.creatorgov.kit.testing.PostgresTestDatabase;
import io.creatorgov.kit.testing.RedisProxy;
import io.creatorgov.kit.testing.TcpProxy;
import io.creatorgov.kit.testing.TestAuthKeys;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.cache.PolicyReadCache;
import io.creatorgov.policy.config.AdjustableClock;
import io.creatorgov.policy.v1.*;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** policy-service through its real gRPC API, on the real PostgreSQL and Redis. */
@QuarkusTest
@QuarkusTestResource(
    value = PostgresTestDatabase.class,
    initArgs = @ResourceArg(name = "database", value = "creatorgov_policy_test"))
@QuarkusTestResource(TestAuthKeys.class)
@QuarkusTestResource(RedisProxy.class)
class PolicyGrpcServiceTest {
  private static final List<String> MARKETS =
      List.of("ID", "MY", "PH", "SG", "TH", "VN", "JP", "KR");

  @GrpcClient("policy")
  PolicyServiceGrpc.PolicyServiceBlockingStub grpc;

  @RedisProxy.Inject TcpProxy redisProxy;

  @Inject MeterRegistry metrics;
  @Inject PolicyReadCache cache;

  /** Policy time: the system clock unless a test freezes it (and resets it in a finally). */
  @Inject AdjustableClock policyClock;

  /** Plays "another instance" talking to the same Redis. */
  @Inject io.quarkus.redis.datasource.RedisDataSource redis;

  private PolicyServiceGrpc.PolicyServiceBlockingStub as(String subject, Role... roles) {
    return grpc.withCallCredentials(BearerAuth.of(TestAuthKeys.token(subject, roles)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private PolicyServiceGrpc.PolicyServiceBlockingStub author() {
    return as("author-ana", Role.POLICY_AUTHOR);
  }

  private PolicyServiceGrpc.PolicyServiceBlockingStub approver() {
    return as("approver-budi", Role.POLICY_APPROVER);
  }

  private PolicyServiceGrpc.PolicyServiceBlockingStub admin() {
    return as("admin-chen", Role.GOVERNANCE_ADMIN);
  }

  private PolicyServiceGrpc.PolicyServiceBlockingStub reader() {
    return as("enforcement-service", Role.SERVICE);
  }

  /**
   * Creates a catalogue policy and a draft v1 (COUNTERFEIT_GOODS at {@code points}); returns the
   * key.
   */
  private String draft(int points) {
    String key = uniqueKey("test.catalogue");
    author()
        .createPolicy(
            CreatePolicyRequest.newBuilder()
                .setPolicy(catalogue(key))
                .setRequestId(requestId())
                .build());
    author()
        .createPolicyVersion(
            CreatePolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setPolicyVersion(catalogueVersion(points, key))
                .setRequestId(requestId())
                .build());
    return key;
  }

  private PolicyVersion approveAndPublish(String key, int version, Instant effectiveFrom) {
    approver()
        .approvePolicyVersion(
            ApprovePolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setVersion(version)
                .setRequestId(requestId())
                .build());
    PublishPolicyVersionRequest.Builder publish =
        PublishPolicyVersionRequest.newBuilder()
            .setPolicyKey(key)
            .setVersion(version)
            .setRequestId(requestId());
    if (effectiveFrom != null) {
      publish.setEffectiveTime(ProtoTime.of(effectiveFrom));
    }
    return admin().publishPolicyVersion(publish.build()).getPolicyVersion();
  }

  private String publishedCatalogue(int counterfeitPoints) {
    String key = draft(counterfeitPoints);
    approveAndPublish(key, 1, null);
    return key;
  }

  private int newVersion(String key, int counterfeitPoints) {
    return author()
        .createPolicyVersion(
            CreatePolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setPolicyVersion(catalogueVersion(counterfeitPoints, key))
                .setRequestId(requestId())
                .build())
        .getPolicyVersion()
        .getVersion();
  }

  private ResolvedPolicy resolve(String key, String market) {
    return reader()
        .resolvePolicy(
            ResolvePolicyRequest.newBuilder().setPolicyKey(key).setMarket(market).build())
        .getResolvedPolicy();
  }

  private static int points(ResolvedPolicy resolved, String code) {
    return resolved.getContent().getViolationCatalogue().getEntriesList().stream()
        .filter(e -> e.getCode().equals(code + PolicyFixtures.suffix(resolved.getPolicyKey())))
        .findFirst()
        .orElseThrow()
        .getPoints();
  }

  private static ErrorDetails failure(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected the call to fail").isNotNull();
    return ErrorDetails.of(e);
  }

  // ---- lifecycle and resolution
  // ------------------------------------------------------------------

  @Test
  void draftApprovePublishThenResolveGivesEachMarketItsVariantAndNamesTheVersion() {
    String key = draft(3);

    PolicyVersion published = approveAndPublish(key, 1, null);

    assertThat(published.getState()).isEqualTo(PolicyVersionState.POLICY_VERSION_STATE_PUBLISHED);
    assertThat(published.getApprover().getActor().getSubject()).isEqualTo("approver-budi");
    assertThat(published.getPublisher().getActor().getSubject()).isEqualTo("admin-chen");
    ResolvedPolicy vn = resolve(key, "VN");
    assertThat(vn.getVersion()).isEqualTo(1);
    assertThat(vn.getVariant()).isEqualTo(PolicyVariant.POLICY_VARIANT_MARKET_OVERLAY);
    assertThat(points(vn, "COUNTERFEIT_GOODS")).isEqualTo(6);
    ResolvedPolicy jp = resolve(key, "JP");
    assertThat(jp.getContent().getViolationCatalogue().getEntriesList())
        .extracting(ViolationCatalogueEntry::getCode)
        .containsExactly(
            "COUNTERFEIT_GOODS" + PolicyFixtures.suffix(key),
            "FAKE_DISCOUNT" + PolicyFixtures.suffix(key),
            "UNDISCLOSED_ADVERTISING" + PolicyFixtures.suffix(key));
    ResolvedPolicy my = resolve(key, "MY");
    assertThat(my.getVariant()).isEqualTo(PolicyVariant.POLICY_VARIANT_BASE);
    assertThat(points(my, "COUNTERFEIT_GOODS")).isEqualTo(3);
    assertThat(my.getContentHash()).hasSize(64).isEqualTo(resolve(key, "SG").getContentHash());
    assertThat(my.getContentHash()).isNotEqualTo(vn.getContentHash());
    assertThat(my.getVersionState()).isEqualTo(PolicyVersionState.POLICY_VERSION_STATE_PUBLISHED);
  }

  @Test
  void resolutionIsDeterministicForTheSameInputs() {
    String key = publishedCatalogue(3);
    Instant at = Instant.now();
    ResolvePolicyRequest request =
        ResolvePolicyRequest.newBuilder()
            .setPolicyKey(key)
            .setMarket("VN")
            .setResolveTime(ProtoTime.of(at))
            .build();

    ResolvedPolicy first = reader().resolvePolicy(request).getResolvedPolicy();
    cache.clearLocal();
    ResolvedPolicy second = reader().resolvePolicy(request).getResolvedPolicy();

    assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
  }

  @Test
  void scheduledPublishTakesEffectAtItsTimeAndIsAnnounced() {
    String key = publishedCatalogue(3);
    int v2 = newVersion(key, 5);
    Instant effectiveAt = policyClock.instant().plus(Duration.ofHours(1)).truncatedTo(MICROS);
    try {
      PolicyVersion scheduled = approveAndPublish(key, v2, effectiveAt);

      assertThat(ProtoTime.toInstant(scheduled.getEffectiveTime())).isEqualTo(effectiveAt);
      ResolvedPolicy before = resolve(key, "MY");
      assertThat(before.getVersion()).isEqualTo(1);
      assertThat(ProtoTime.toInstant(before.getNextChangeTime())).isEqualTo(effectiveAt);
      assertThat(effectiveVersion(key)).isEqualTo(1);
      assertThat(becameEffective(key, v2)).isEmpty();

      policyClock.freezeAt(effectiveAt.minus(1, MICROS));
      assertThat(resolve(key, "MY").getVersion()).as("a microsecond before").isEqualTo(1);

      policyClock.freezeAt(effectiveAt);
      ResolvedPolicy after = resolve(key, "MY");
      assertThat(after.getVersion()).as("at the effective time").isEqualTo(v2);
      assertThat(ProtoTime.toInstant(after.getResolveTime())).isEqualTo(effectiveAt);
      assertThat(points(after, "COUNTERFEIT_GOODS")).isEqualTo(5);
      assertThat(effectiveVersion(key)).isEqualTo(v2);
      // The database's own clock is still an hour short of effective_from: only a scheduler that
      // asks by the policy clock announces it, at its next tick (every second in tests).
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> assertThat(becameEffective(key, v2)).hasSize(1));
      PolicyChangeEvent became = becameEffective(key, v2).get(0);
      assertThat(became.getVersionBecameEffective().getSupersededVersion()).isEqualTo(1);
      assertThat(ProtoTime.toInstant(became.getVersionBecameEffective().getEffectiveTime()))
          .isEqualTo(effectiveAt);
      assertThat(ProtoTime.toInstant(became.getEnvelope().getOccurredTime()))
          .isEqualTo(effectiveAt);
      assertThat(resolve(key, "MY").getVersion()).isEqualTo(v2);
    } finally {
      policyClock.reset();
    }
  }

  private List<PolicyChangeEvent> becameEffective(String key, int version) {
    return eventsFor(key).stream()
        .filter(
            e ->
                e.getVersion() == version
                    && e.getEventType()
                        == PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE)
        .toList();
  }

  private int effectiveVersion(String key) {
    return reader()
        .getPolicy(GetPolicyRequest.newBuilder().setPolicyKey(key).build())
        .getPolicy()
        .getEffectiveVersion();
  }

  @Test
  void publishIsVisibleInEveryMarketRightAwayWithNoStaleRead() {
    String key = publishedCatalogue(3);
    for (String market : MARKETS) {
      assertThat(resolve(key, market).getVersion()).isEqualTo(1); // warm every cache layer
    }
    int v2 = newVersion(key, 4);

    approveAndPublish(key, v2, null);

    for (String market : MARKETS) {
      ResolvedPolicy resolved = resolve(key, market);
      assertThat(resolved.getVersion()).as(market).isEqualTo(v2);
      assertThat(points(resolved, "COUNTERFEIT_GOODS"))
          .as(market)
          .isEqualTo(market.equals("VN") ? 7 : 4);
    }
  }

  @Test
  void retiringTheEffectiveVersionRollsBackToThePreviousOne() {
    String key = publishedCatalogue(3);
    int v2 = newVersion(key, 4);
    approveAndPublish(key, v2, null);

    RetirePolicyVersionResponse retired =
        admin()
            .retirePolicyVersion(
                RetirePolicyVersionRequest.newBuilder()
                    .setPolicyKey(key)
                    .setVersion(v2)
                    .setReason("rolled back after complaints")
                    .setRequestId(requestId())
                    .build());

    assertThat(retired.getEffectiveVersionAfter()).isEqualTo(1);
    assertThat(resolve(key, "TH").getVersion()).isEqualTo(1);
    ErrorDetails lastOne =
        failure(
            () ->
                admin()
                    .retirePolicyVersion(
                        RetirePolicyVersionRequest.newBuilder()
                            .setPolicyKey(key)
                            .setVersion(1)
                            .setReason("no more")
                            .setRequestId(requestId())
                            .build()));
    assertThat(lastOne.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(resolve(key, "TH").getVersion()).isEqualTo(1);
  }

  // ---- refusals that change nothing
  // --------------------------------------------------------------

  @Test
  void theAuthorCannotApproveTheirOwnVersion() {
    String key = draft(3);
    PolicyServiceGrpc.PolicyServiceBlockingStub authorWhoIsAlsoApprover =
        as("author-ana", Role.POLICY_AUTHOR, Role.POLICY_APPROVER);

    ErrorDetails e =
        failure(
            () ->
                authorWhoIsAlsoApprover.approvePolicyVersion(
                    ApprovePolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersion(1)
                        .setRequestId(requestId())
                        .build()));

    assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_SELF_APPROVAL_FORBIDDEN);
    assertThat(version(key, 1).getState()).isEqualTo(PolicyVersionState.POLICY_VERSION_STATE_DRAFT);
  }

  @Test
  void everyContributorIsKeptInOrderSoAnAuthorWithACommaInTheSubjectCannotSelfApprove() {
    String key = draft(3); // created by author-ana
    PolicyServiceGrpc.PolicyServiceBlockingStub commaAuthor =
        as("ops,lead", Role.POLICY_AUTHOR, Role.POLICY_APPROVER);
    for (PolicyServiceGrpc.PolicyServiceBlockingStub editor : List.of(commaAuthor, author())) {
      editor.updatePolicyVersion(
          UpdatePolicyVersionRequest.newBuilder()
              .setPolicyKey(key)
              .setVersion(1)
              .setPolicyVersion(PolicyVersion.newBuilder().setChangeSummary("edit"))
              .setUpdateMask(FieldMask.newBuilder().addPaths("change_summary"))
              .setRequestId(requestId())
              .build());
    }

    ErrorDetails e =
        failure(
            () ->
                commaAuthor.approvePolicyVersion(
                    ApprovePolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersion(1)
                        .setRequestId(requestId())
                        .build()));

    assertThat(version(key, 1).getContributorSubjectsList())
        .containsExactly("author-ana", "ops,lead");
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_SELF_APPROVAL_FORBIDDEN);
  }

  @Test
  void updatingAPolicyAnswersWithTheVersionInForce() {
    String key = publishedCatalogue(3);

    Policy updated =
        admin()
            .updatePolicy(
                UpdatePolicyRequest.newBuilder()
                    .setPolicyKey(key)
                    .setPolicy(Policy.newBuilder().setDisplayName("Renamed catalogue"))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"))
                    .setRequestId(requestId())
                    .build())
            .getPolicy();

    assertThat(updated.getDisplayName()).isEqualTo("Renamed catalogue");
    assertThat(updated.getEffectiveVersion()).isEqualTo(1);
  }

  @Test
  void aCopiedVersionTakesEveryFieldTheRequestSetsAndCopiesTheRest() {
    String key = draft(3);
    PolicyVersion v1 = version(key, 1);

    PolicyVersion v2 =
        author()
            .createPolicyVersion(
                CreatePolicyVersionRequest.newBuilder()
                    .setPolicyKey(key)
                    .setCopyFromVersion(1)
                    .setPolicyVersion(
                        PolicyVersion.newBuilder()
                            .setBaseContent(catalogueVersion(7, key).getBaseContent()))
                    .setRequestId(requestId())
                    .build())
            .getPolicyVersion();

    assertThat(v2.getSourceVersion()).isEqualTo(1);
    assertThat(v2.getBaseContent()).isEqualTo(catalogueVersion(7, key).getBaseContent());
    assertThat(v2.getOverlaysList()).as("copied").isEqualTo(v1.getOverlaysList());
    assertThat(v2.getChangeSummary()).as("copied").isEqualTo(v1.getChangeSummary());
  }

  @Test
  void publishingAnUnapprovedDraftIsRefused() {
    String key = draft(3);

    ErrorDetails e =
        failure(
            () ->
                admin()
                    .publishPolicyVersion(
                        PublishPolicyVersionRequest.newBuilder()
                            .setPolicyKey(key)
                            .setVersion(1)
                            .setRequestId(requestId())
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_POLICY_VERSION_NOT_APPROVED);
    assertThat(version(key, 1).getState()).isEqualTo(PolicyVersionState.POLICY_VERSION_STATE_DRAFT);
  }

  @Test
  void staleEtagIsAbortedAndTheDraftKeepsItsContent() {
    String key = draft(3);
    String etag = version(key, 1).getEtag();
    author()
        .updatePolicyVersion(
            UpdatePolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setVersion(1)
                .setPolicyVersion(PolicyVersion.newBuilder().setChangeSummary("first edit"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("change_summary"))
                .setEtag(etag)
                .setRequestId(requestId())
                .build());

    ErrorDetails e =
        failure(
            () ->
                author()
                    .updatePolicyVersion(
                        UpdatePolicyVersionRequest.newBuilder()
                            .setPolicyKey(key)
                            .setVersion(1)
                            .setPolicyVersion(
                                PolicyVersion.newBuilder().setChangeSummary("stale edit"))
                            .setUpdateMask(FieldMask.newBuilder().addPaths("change_summary"))
                            .setEtag(etag)
                            .setRequestId(requestId())
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_ETAG_MISMATCH);
    assertThat(version(key, 1).getChangeSummary()).isEqualTo("first edit");
  }

  @Test
  void invalidContentIsRejectedWithFieldViolationsAndNoVersionIsCreated() {
    String key = uniqueKey("test.catalogue");
    author()
        .createPolicy(
            CreatePolicyRequest.newBuilder()
                .setPolicy(catalogue(key))
                .setRequestId(requestId())
                .build());
    PolicyVersion nonsense =
        PolicyVersion.newBuilder()
            .setBaseContent(
                catalogueContent(entry("COUNTERFEIT_GOODS", -2), entry("COUNTERFEIT_GOODS", 1)))
            .build();

    ErrorDetails e =
        failure(
            () ->
                author()
                    .createPolicyVersion(
                        CreatePolicyVersionRequest.newBuilder()
                            .setPolicyKey(key)
                            .setPolicyVersion(nonsense)
                            .setRequestId(requestId())
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .anyMatch(
            f -> f.startsWith("policy_version.base_content.violation_catalogue.entries[0].points"))
        .anyMatch(
            f -> f.startsWith("policy_version.base_content.violation_catalogue.entries[1].code"));
    assertThat(
            author()
                .getPolicy(GetPolicyRequest.newBuilder().setPolicyKey(key).build())
                .getPolicy()
                .getLatestVersion())
        .isZero();
  }

  @Test
  void overlaysForUnknownMarketsAreRejectedAndUnknownMarketsCannotBeResolved() {
    String key = uniqueKey("test.catalogue");
    author()
        .createPolicy(
            CreatePolicyRequest.newBuilder()
                .setPolicy(catalogue(key))
                .setRequestId(requestId())
                .build());
    PolicyVersion withUs =
        catalogueVersion(3, key).toBuilder()
            .addOverlays(
                MarketOverlay.newBuilder()
                    .setMarket("US")
                    .setContent(catalogueContent(entry("X_RULE", 1))))
            .build();

    ErrorDetails create =
        failure(
            () ->
                author()
                    .createPolicyVersion(
                        CreatePolicyVersionRequest.newBuilder()
                            .setPolicyKey(key)
                            .setPolicyVersion(withUs)
                            .setRequestId(requestId())
                            .build()));
    ErrorDetails resolveUs = failure(() -> resolve(key, "US"));

    assertThat(create.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(create.badRequest().orElseThrow().getFieldViolationsList())
        .extracting(BadRequest.FieldViolation::getField)
        .contains("policy_version.overlays[2].market");
    assertThat(resolveUs.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(resolveUs.reason()).isEqualTo(ErrorReason.ERROR_REASON_UNKNOWN_MARKET);
  }

  @Test
  void aPolicyWithNothingPublishedIsNotEffective() {
    String key = draft(3);

    ErrorDetails e = failure(() -> resolve(key, "ID"));

    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE);
  }

  @Test
  void aCatalogueCannotRedefineACodeThatAnotherCatalogueInForceDefines() {
    String first = publishedCatalogue(3);
    String second = uniqueKey("test.catalogue");
    author()
        .createPolicy(
            CreatePolicyRequest.newBuilder()
                .setPolicy(catalogue(second))
                .setRequestId(requestId())
                .build());
    author()
        .createPolicyVersion(
            CreatePolicyVersionRequest.newBuilder()
                .setPolicyKey(second)
                .setPolicyVersion(
                    PolicyVersion.newBuilder()
                        .setBaseContent(
                            catalogueContent(
                                entry("COUNTERFEIT_GOODS" + PolicyFixtures.suffix(first), 2))))
                .setRequestId(requestId())
                .build());

    ErrorDetails e =
        failure(
            () ->
                approver()
                    .approvePolicyVersion(
                        ApprovePolicyVersionRequest.newBuilder()
                            .setPolicyKey(second)
                            .setVersion(1)
                            .setRequestId(requestId())
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.badRequest().orElseThrow().getFieldViolationsList())
        .anySatisfy(
            v -> {
              assertThat(v.getField())
                  .isEqualTo("policy_version.base_content.violation_catalogue.entries[0].code");
              assertThat(v.getDescription()).contains(first);
            });
    assertThat(version(second, 1).getState())
        .isEqualTo(PolicyVersionState.POLICY_VERSION_STATE_DRAFT);
  }

  // ---- concurrency and idempotency
  // ---------------------------------------------------------------

  @Test
  void concurrentPublishesOfTheSameDraftPublishItOnce() throws Exception {
    String key = draft(3);
    approver()
        .approvePolicyVersion(
            ApprovePolicyVersionRequest.newBuilder()
                .setPolicyKey(key)
                .setVersion(1)
                .setRequestId(requestId())
                .build());
    List<Callable<Status.Code>> publishes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      publishes.add(
          () -> {
            try {
              admin()
                  .publishPolicyVersion(
                      PublishPolicyVersionRequest.newBuilder()
                          .setPolicyKey(key)
                          .setVersion(1)
                          .setRequestId(requestId())
                          .build());
              return Status.Code.OK;
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode();
            }
          });
    }

    List<Status.Code> outcomes = runConcurrently(publishes);

    assertThat(outcomes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
    assertThat(outcomes)
        .filteredOn(c -> c != Status.Code.OK)
        .allMatch(c -> c == Status.Code.FAILED_PRECONDITION);
    assertThat(eventsFor(key))
        .filteredOn(
            e ->
                e.getEventType()
                    == PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_PUBLISHED)
        .hasSize(1);
  }

  @Test
  void twoCataloguesPublishingTheSameNewCodeAtOnceLetOnlyOneThrough() throws Exception {
    String shared = "SHARED_CODE" + PolicyFixtures.suffix(uniqueKey("x"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String key = uniqueKey("test.catalogue");
      author()
          .createPolicy(
              CreatePolicyRequest.newBuilder()
                  .setPolicy(catalogue(key))
                  .setRequestId(requestId())
                  .build());
      author()
          .createPolicyVersion(
              CreatePolicyVersionRequest.newBuilder()
                  .setPolicyKey(key)
                  .setPolicyVersion(
                      PolicyVersion.newBuilder().setBaseContent(catalogueContent(entry(shared, 2))))
                  .setRequestId(requestId())
                  .build());
      // neither is in force yet, so each approval passes the clash check
      approver()
          .approvePolicyVersion(
              ApprovePolicyVersionRequest.newBuilder()
                  .setPolicyKey(key)
                  .setVersion(1)
                  .setRequestId(requestId())
                  .build());
      keys.add(key);
    }
    List<Callable<Status.Code>> publishes = new ArrayList<>();
    for (String key : keys) {
      publishes.add(
          () -> {
            try {
              admin()
                  .publishPolicyVersion(
                      PublishPolicyVersionRequest.newBuilder()
                          .setPolicyKey(key)
                          .setVersion(1)
                          .setRequestId(requestId())
                          .build());
              return Status.Code.OK;
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode();
            }
          });
    }

    // Hold both publications inside the database after their clash check: the feed's advisory
    // lock, which each needs to announce its publication, is taken here first and released once
    // both are under way. Without the clash check's own lock both would pass the check.
    List<Status.Code> outcomes;
    try (java.sql.Connection feed = io.creatorgov.kit.testing.TestSql.connect();
        java.sql.Statement lock = feed.createStatement()) {
      lock.execute(
          "SELECT pg_advisory_lock(" + io.creatorgov.policy.service.PolicyJournal.FEED_LOCK + ")");
      java.util.concurrent.ScheduledExecutorService release =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      release.schedule(() -> lock.execute("SELECT pg_advisory_unlock_all()"), 1, TimeUnit.SECONDS);
      outcomes = runConcurrently(publishes);
      release.shutdown();
    }

    assertThat(outcomes).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void replayingACommandReturnsTheFirstResponse() {
    String key = uniqueKey("test.catalogue");
    CreatePolicyRequest create =
        CreatePolicyRequest.newBuilder()
            .setPolicy(catalogue(key))
            .setRequestId(requestId())
            .build();

    CreatePolicyResponse first = author().createPolicy(create);
    CreatePolicyResponse replay = author().createPolicy(create);

    assertThat(replay).isEqualTo(first);
    ErrorDetails reused =
        failure(
            () ->
                author()
                    .createPolicy(
                        create.toBuilder().setPolicy(catalogue(uniqueKey("test.other"))).build()));
    assertThat(reused.reason()).isEqualTo(ErrorReason.ERROR_REASON_REQUEST_ID_REUSED);
  }

  @Test
  void concurrentReadersOfAColdKeyCauseOneDatabaseLoad() throws Exception {
    String key = publishedCatalogue(3);
    cache.invalidate(key).await().atMost(Duration.ofSeconds(5));
    double timelineLoads = loads("timeline");
    double variantLoads = loads("variant");
    List<Callable<Integer>> readers = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      readers.add(() -> resolve(key, "PH").getVersion());
    }

    List<Integer> versions = runConcurrently(readers);

    assertThat(versions).hasSize(24).containsOnly(1);
    assertThat(loads("timeline") - timelineLoads).isEqualTo(1.0);
    assertThat(loads("variant") - variantLoads).isEqualTo(1.0);
  }

  @Test
  void readsFallBackToPostgresWhenRedisIsDownAndTheBreakerRecovers() {
    String key = publishedCatalogue(3);
    try {
      redisProxy.cut();
      cache.clearLocal();
      double fallbacks = cacheCount("redis", "fallback");

      for (String market : MARKETS) {
        assertThat(resolve(key, market).getVersion()).isEqualTo(1);
        cache.clearLocal();
      }

      assertThat(cacheCount("redis", "fallback")).isGreaterThan(fallbacks);
    } finally {
      redisProxy.restore();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              double hits = cacheCount("redis", "hit");
              cache.clearLocal();
              assertThat(resolve(key, "ID").getVersion()).isEqualTo(1);
              assertThat(cacheCount("redis", "hit")).isGreaterThan(hits);
            });
  }

  @Test
  void anInvalidationAnnouncedByAnotherInstanceDropsTheLocalCopyWithinASecond() {
    // (after a Redis outage in another test the subscription needs a heartbeat to come back)
    await().atMost(Duration.ofSeconds(20)).until(cache::isListening);
    String key = publishedCatalogue(3);
    resolve(key, "SG");
    assertThat(cache.holdsTimeline(key)).isTrue();

    long receivers = redis.execute("PUBLISH", cache.channel(), key).toLong();
    assertThat(receivers).as("instances listening").isPositive();

    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(cache.holdsTimeline(key)).isFalse());
  }

  @Test
  void aRedisTimelineFromAnOlderInvalidationGenerationIsNeverServed() {
    String key = publishedCatalogue(3);
    resolve(key, "MY"); // the timeline is now in Redis under the current generation
    // Another instance's invalidation: the generation moved on, but the entry was not deleted
    // (for example a load that raced the publish wrote it back).
    redis.execute("INCR", "creatorgov:policy-test:generation:" + key);
    cache.clearLocal();
    double stale = cacheCount("redis", "stale");
    double loads = loads("timeline");

    assertThat(resolve(key, "MY").getVersion()).isEqualTo(1);

    assertThat(cacheCount("redis", "stale")).isGreaterThan(stale);
    assertThat(loads("timeline")).isGreaterThan(loads);
  }

  @Test
  void anOverlayThatExcludesAMarketAnnouncesTheChangeToThatMarketToo() {
    String key = publishedCatalogue(3);
    PolicyVersion excludingId =
        catalogueVersion(3, key).toBuilder()
            .addOverlays(
                MarketOverlay.newBuilder()
                    .setMarket("ID")
                    .setExcluded(true)
                    .setRationale("not in ID"))
            .build();
    int v2 =
        author()
            .createPolicyVersion(
                CreatePolicyVersionRequest.newBuilder()
                    .setPolicyKey(key)
                    .setPolicyVersion(excludingId)
                    .setRequestId(requestId())
                    .build())
            .getPolicyVersion()
            .getVersion();

    approveAndPublish(key, v2, null);

    PolicyChangeEvent published =
        eventsFor(key).stream()
            .filter(
                e ->
                    e.getVersion() == v2
                        && e.getEventType()
                            == PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_PUBLISHED)
            .findFirst()
            .orElseThrow();
    assertThat(published.getMarketsList()).contains("ID", "VN");
    ErrorDetails inId = failure(() -> resolve(key, "ID"));
    assertThat(inId.reason()).isEqualTo(ErrorReason.ERROR_REASON_POLICY_NOT_EFFECTIVE);
  }

  // ---- identity
  // ----------------------------------------------------------------------------------

  @Test
  void everyMutatingRpcRefusesCallsWithoutATokenOrWithTheWrongRole() {
    String key = draft(3);
    Map<String, Consumer<PolicyServiceGrpc.PolicyServiceBlockingStub>> mutating =
        Map.of(
            "CreatePolicy",
            s ->
                s.createPolicy(
                    CreatePolicyRequest.newBuilder()
                        .setPolicy(catalogue(uniqueKey("test.x")))
                        .setRequestId(requestId())
                        .build()),
            "UpdatePolicy",
            s ->
                s.updatePolicy(
                    UpdatePolicyRequest.newBuilder()
                        .setPolicy(catalogue(key))
                        .setRequestId(requestId())
                        .build()),
            "CreatePolicyVersion",
            s ->
                s.createPolicyVersion(
                    CreatePolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setRequestId(requestId())
                        .build()),
            "UpdatePolicyVersion",
            s ->
                s.updatePolicyVersion(
                    UpdatePolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersion(1)
                        .setRequestId(requestId())
                        .build()),
            "ApprovePolicyVersion",
            s ->
                s.approvePolicyVersion(
                    ApprovePolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersion(1)
                        .setRequestId(requestId())
                        .build()),
            "PublishPolicyVersion",
            s ->
                s.publishPolicyVersion(
                    PublishPolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersion(1)
                        .setRequestId(requestId())
                        .build()),
            "RetirePolicyVersion",
            s ->
                s.retirePolicyVersion(
                    RetirePolicyVersionRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersion(1)
                        .setReason("x")
                        .setRequestId(requestId())
                        .build()));

    mutating.forEach(
        (rpc, call) -> {
          ErrorDetails anonymous = failure(() -> call.accept(grpc));
          assertThat(anonymous.code())
              .as(rpc + " without token")
              .isEqualTo(Status.Code.UNAUTHENTICATED);
          ErrorDetails wrongRole =
              failure(() -> call.accept(as("creator-42", Role.CREATOR, Role.AUDITOR)));
          assertThat(wrongRole.code())
              .as(rpc + " as creator/auditor")
              .isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(wrongRole.reason()).isEqualTo(ErrorReason.ERROR_REASON_ROLE_REQUIRED);
        });
    assertThat(version(key, 1).getState()).isEqualTo(PolicyVersionState.POLICY_VERSION_STATE_DRAFT);
  }

  @Test
  void draftsAreInvisibleToCreators() {
    String key = draft(3);

    ErrorDetails e =
        failure(
            () ->
                as("creator-42", Role.CREATOR)
                    .getPolicyVersion(
                        GetPolicyVersionRequest.newBuilder()
                            .setPolicyKey(key)
                            .setVersion(1)
                            .build()));

    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aMarketScopedCallerCannotResolveOrDiffOtherMarkets() {
    String key = publishedCatalogue(3);
    PolicyServiceGrpc.PolicyServiceBlockingStub vnOnly =
        grpc.withCallCredentials(
            BearerAuth.of(
                TestAuthKeys.scopedToken("ops-vn", new String[] {"VN"}, Role.CREATOR_OPS)));

    assertThat(
            vnOnly
                .resolvePolicy(
                    ResolvePolicyRequest.newBuilder().setPolicyKey(key).setMarket("VN").build())
                .getResolvedPolicy()
                .getVersion())
        .isEqualTo(1);
    ErrorDetails resolveTh =
        failure(
            () ->
                vnOnly.resolvePolicy(
                    ResolvePolicyRequest.newBuilder().setPolicyKey(key).setMarket("TH").build()));
    ErrorDetails diffTh =
        failure(
            () ->
                vnOnly.diffPolicyVersions(
                    DiffPolicyVersionsRequest.newBuilder()
                        .setPolicyKey(key)
                        .setVersionA(1)
                        .setVersionB(1)
                        .setMarket("TH")
                        .build()));

    assertThat(resolveTh.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(resolveTh.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
    assertThat(diffTh.reason()).isEqualTo(ErrorReason.ERROR_REASON_MARKET_OUT_OF_SCOPE);
  }

  @Test
  void concurrentCreatesOfTheSameKeyCreateItOnceAndTheOthersAreAlreadyExists() throws Exception {
    String key = uniqueKey("test.catalogue");
    List<Callable<Status.Code>> creates = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      creates.add(
          () -> {
            try {
              author()
                  .createPolicy(
                      CreatePolicyRequest.newBuilder()
                          .setPolicy(catalogue(key))
                          .setRequestId(requestId())
                          .build());
              return Status.Code.OK;
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode();
            }
          });
    }

    List<Status.Code> outcomes = runConcurrently(creates);

    assertThat(outcomes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
    assertThat(outcomes)
        .filteredOn(c -> c != Status.Code.OK)
        .allMatch(c -> c == Status.Code.ALREADY_EXISTS);
  }

  @Test
  void versionsAreListedNewestFirst() {
    String key = publishedCatalogue(3);
    newVersion(key, 4);
    newVersion(key, 5);

    ListPolicyVersionsResponse page =
        admin()
            .listPolicyVersions(
                ListPolicyVersionsRequest.newBuilder().setPolicyKey(key).setPageSize(2).build());
    ListPolicyVersionsResponse next =
        admin()
            .listPolicyVersions(
                ListPolicyVersionsRequest.newBuilder()
                    .setPolicyKey(key)
                    .setPageSize(2)
                    .setPageToken(page.getNextPageToken())
                    .build());

    assertThat(page.getPolicyVersionsList())
        .extracting(PolicyVersion::getVersion)
        .containsExactly(3, 2);
    assertThat(next.getPolicyVersionsList())
        .extracting(PolicyVersion::getVersion)
        .containsExactly(1);
    assertThat(next.getNextPageToken()).isEmpty();
  }

  // ---- rulebook, diff, change feed
  // ---------------------------------------------------------------

  @Test
  void rulebookReturnsEveryPolicyInForceInTheMarket() {
    String a = publishedCatalogue(3);
    String b = publishedCatalogue(2);

    GetMarketRulebookResponse rulebook =
        reader().getMarketRulebook(GetMarketRulebookRequest.newBuilder().setMarket("VN").build());

    assertThat(rulebook.getPoliciesList()).extracting(ResolvedPolicy::getPolicyKey).contains(a, b);
    assertThat(rulebook.getPoliciesList()).allMatch(r -> r.getMarket().equals("VN"));
    assertThat(rulebook.getRulebookHash()).hasSize(64);
  }

  @Test
  void diffShowsWhatChangedForAMarket() {
    String key = publishedCatalogue(3);
    int v2 = newVersion(key, 5);

    DiffPolicyVersionsResponse diff =
        reader()
            .diffPolicyVersions(
                DiffPolicyVersionsRequest.newBuilder()
                    .setPolicyKey(key)
                    .setVersionA(1)
                    .setVersionB(v2)
                    .setMarket("VN")
                    .build());

    assertThat(diff.getChangesList())
        .anySatisfy(
            c -> {
              assertThat(c.getFieldPath())
                  .isEqualTo(
                      "violation_catalogue.entries[code=COUNTERFEIT_GOODS"
                          + PolicyFixtures.suffix(key)
                          + "].points");
              assertThat(c.getOldValueJson()).isEqualTo("6");
              assertThat(c.getNewValueJson()).isEqualTo("8");
            });
  }

  @Test
  void changeFeedResumesAfterTheLastTokenWithNoGapAndNoDuplicate() {
    String key = publishedCatalogue(3);
    List<PolicyChangeEvent> first = eventsFor(key);
    assertThat(first).isNotEmpty();
    String token = first.get(first.size() - 1).getEnvelope().getResumeToken();
    int v2 = newVersion(key, 4);
    approveAndPublish(key, v2, null);

    List<PolicyChangeEvent> resumed =
        watch(
            WatchPolicyChangesRequest.newBuilder().addPolicyKeys(key).setResumeToken(token).build(),
            2);

    assertThat(resumed).extracting(PolicyChangeEvent::getVersion).containsOnly(v2);
    assertThat(resumed)
        .extracting(PolicyChangeEvent::getEventType)
        .containsExactly(
            PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_PUBLISHED,
            PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE);
    assertThat(resumed.get(0).getEnvelope().getSequence())
        .isGreaterThan(first.get(first.size() - 1).getEnvelope().getSequence());
  }

  @Test
  void aQuietFilteredWatcherReceivesCheckpointsWhoseTokensResumeWithNoGap() {
    String quiet = publishedCatalogue(3);
    String busy = publishedCatalogue(3);
    // Filter on a policy that will stay quiet: no event matches while the other one changes.
    Iterator<WatchPolicyChangesResponse> it =
        reader()
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .watchPolicyChanges(
                WatchPolicyChangesRequest.newBuilder()
                    .addPolicyKeys(quiet)
                    .setStartFromNow(true)
                    .build());
    WatchPolicyChangesResponse caughtUp = it.next();
    assertThat(caughtUp.hasCheckpoint()).as("first item after catching up").isTrue();

    approveAndPublish(busy, newVersion(busy, 4), null);
    WatchPolicyChangesResponse later = it.next();
    while (later.hasCheckpoint()
        && later.getCheckpoint().getSequence() <= caughtUp.getCheckpoint().getSequence()) {
      later = it.next(); // a checkpoint may fall between catching up and the other publish
    }

    assertThat(later.hasCheckpoint()).as("silence on the filter brings only checkpoints").isTrue();
    assertThat(later.getCheckpoint().getSequence())
        .as("the checkpoint passed the other policy's events")
        .isGreaterThan(caughtUp.getCheckpoint().getSequence());
    int v2 = newVersion(quiet, 5);
    approveAndPublish(quiet, v2, null);
    List<PolicyChangeEvent> resumed =
        watch(
            WatchPolicyChangesRequest.newBuilder()
                .addPolicyKeys(quiet)
                .setResumeToken(later.getCheckpoint().getResumeToken())
                .build(),
            2);
    assertThat(resumed).extracting(PolicyChangeEvent::getVersion).containsOnly(v2);
    assertThat(resumed.get(0).getEnvelope().getSequence())
        .isGreaterThan(later.getCheckpoint().getSequence());
  }

  @Test
  void aForgedResumeTokenIsInvalidArgument() {
    ErrorDetails e =
        failure(
            () ->
                watch(
                    WatchPolicyChangesRequest.newBuilder().setResumeToken("not-a-token").build(),
                    1));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.reason()).isEqualTo(ErrorReason.ERROR_REASON_INVALID_RESUME_TOKEN);
  }

  // ---- HTTP side: health and metrics
  // -------------------------------------------------------------

  @Test
  void readinessIsUpAndReportsTheCacheMode() {
    io.restassured.RestAssured.given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("UP"))
        .body(
            "checks.find { it.name == 'policy-cache' }.data.redis",
            org.hamcrest.Matchers.equalTo("up"));
  }

  @Test
  void metricsExposeCacheCountersAndGrpcTimings() {
    String key = publishedCatalogue(2);
    resolve(key, "KR");

    String metricsText =
        io.restassured.RestAssured.given()
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(metricsText)
        .contains("creatorgov_policy_cache_requests_total")
        .contains("creatorgov_policy_db_loads_total")
        .contains("grpc_server_processing_duration_seconds");
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private PolicyVersion version(String key, int version) {
    return admin()
        .getPolicyVersion(
            GetPolicyVersionRequest.newBuilder().setPolicyKey(key).setVersion(version).build())
        .getPolicyVersion();
  }

  /** All events of one policy so far: the stream is read until its first checkpoint (caught up). */
  /**
   * The policy's events up to the first checkpoint. The stream is cancelled on return, so polling
   * this in an await does not pile up open streams against the per-instance limit.
   */
  private List<PolicyChangeEvent> eventsFor(String key) {
    io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
    try {
      return call.call(() -> eventsUntilCheckpoint(key));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      call.cancel(null);
    }
  }

  private List<PolicyChangeEvent> eventsUntilCheckpoint(String key) {
    List<PolicyChangeEvent> events = new ArrayList<>();
    Iterator<WatchPolicyChangesResponse> it =
        reader()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .watchPolicyChanges(WatchPolicyChangesRequest.newBuilder().addPolicyKeys(key).build());
    while (it.hasNext()) {
      WatchPolicyChangesResponse r = it.next();
      if (r.hasCheckpoint()) {
        return events;
      }
      events.add(r.getEvent());
    }
    return events;
  }

  private List<PolicyChangeEvent> watch(WatchPolicyChangesRequest request, int expected) {
    List<PolicyChangeEvent> events = new ArrayList<>();
    Iterator<WatchPolicyChangesResponse> it =
        reader().withDeadlineAfter(5, TimeUnit.SECONDS).watchPolicyChanges(request);
    try {
      while (events.size() < expected && it.hasNext()) {
        WatchPolicyChangesResponse r = it.next();
        if (r.hasEvent()) {
          events.add(r.getEvent());
        }
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
    }
    assertThat(events).hasSizeGreaterThanOrEqualTo(expected);
    return events;
  }

  private double loads(String entry) {
    Counter c = metrics.find("creatorgov.policy.db.loads").tag("entry", entry).counter();
    return c == null ? 0 : c.count();
  }

  private double cacheCount(String layer, String result) {
    Counter c =
        metrics
            .find("creatorgov.policy.cache.requests")
            .tag("layer", layer)
            .tag("result", result)
            .counter();
    return c == null ? 0 : c.count();
  }

  /**
   * Runs the tasks on their own threads, released together by a start barrier so the calls really
   * overlap (a run that happens to be sequential cannot pass for the wrong reason).
   */
  private static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(tasks.size());
    List<Callable<T>> released = new ArrayList<>();
    for (Callable<T> task : tasks) {
      released.add(
          () -> {
            start.await(30, TimeUnit.SECONDS);
            return task.call();
          });
    }
    try {
      List<Future<T>> futures = pool.invokeAll(released, 60, TimeUnit.SECONDS);
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
