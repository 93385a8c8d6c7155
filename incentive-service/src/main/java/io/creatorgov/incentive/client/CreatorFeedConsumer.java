package io.creatorgov.incentive.client;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.incentive.domain.EnrollmentFact;
import io.creatorgov.incentive.repository.FeedCheckpointRepository.Stored;
import io.creatorgov.incentive.service.FeedReactions;
import io.creatorgov.kit.error.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows creator-service's feed (suspensions, bans, offboardings, CAMPAIGN_INELIGIBLE
 * restrictions, suspensions ending) from startup; see {@link FeedConsumer}. With no stored token
 * (the first start) it follows from now.
 *
 * <p>Recovery after an expired token, as feed.proto prescribes: the current status of every creator
 * with an enrolment that can still move is re-read from creator-service and applied as a fact
 * (SUSPENDED pauses, BANNED / OFFBOARDED / a CAMPAIGN_INELIGIBLE restriction disqualifies, ACTIVE /
 * RESTRICTED ends a suspension's pause), then the feed is followed from now.
 */
@Singleton
public class CreatorFeedConsumer extends FeedConsumer {
  private static final Logger LOG = Logger.getLogger(CreatorFeedConsumer.class);
  private static final int RECONCILE_PAGE = 100;

  private final CreatorFeedClient client;
  private final CreatorServiceClient creators;

  public CreatorFeedConsumer(
      CreatorFeedClient client,
      CreatorServiceClient creators,
      FeedReactions reactions,
      Vertx vertx,
      MeterRegistry meters,
      @ConfigProperty(name = "creatorgov.feeds.creator.enabled", defaultValue = "true")
          boolean enabled,
      @ConfigProperty(name = "creatorgov.feeds.reconnect-min-backoff", defaultValue = "500ms")
          Duration minBackoff,
      @ConfigProperty(name = "creatorgov.feeds.reconnect-max-backoff", defaultValue = "30s")
          Duration maxBackoff) {
    super(FeedReactions.CREATOR_FEED, reactions, vertx, meters, enabled, minBackoff, maxBackoff);
    this.client = client;
    this.creators = creators;
  }

  void onStart(@Observes StartupEvent event) {
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  @Override
  protected Multi<FeedDelivery> stream(Stored stored) {
    return client.stream(stored == null ? "" : stored.resumeToken());
  }

  @Override
  protected Uni<Void> recover() {
    return reconcileAfter("").chain(ignored -> reactions.reconciled(feed));
  }

  private Uni<Void> reconcileAfter(String afterCreatorId) {
    return reactions
        .creatorsWithMovableEnrollments(afterCreatorId, RECONCILE_PAGE)
        .chain(
            page -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (String creatorId : page) {
                chain = chain.call(() -> reconcile(creatorId));
              }
              return page.size() < RECONCILE_PAGE
                  ? chain
                  : chain.chain(ignored -> reconcileAfter(page.get(page.size() - 1)));
            });
  }

  private Uni<Void> reconcile(String creatorId) {
    return creators
        .creator(creatorId)
        .chain(
            profile -> {
              Uni<Integer> chain = Uni.createFrom().item(0);
              for (EnrollmentFact fact : facts(profile)) {
                chain = chain.chain(ignored -> reactions.reconcile(feed, fact));
              }
              return chain;
            })
        .onFailure(CreatorFeedConsumer::unknownCreator)
        .recoverWithItem(
            f -> {
              LOG.warnf(
                  "creator feed: creator %s unknown to creator-service; not reconciled", creatorId);
              return 0;
            })
        .replaceWithVoid();
  }

  private static boolean unknownCreator(Throwable f) {
    return f instanceof ApiException a && a.reason() == ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND;
  }

  /** The facts the creator's current state implies (each idempotent). */
  static List<EnrollmentFact> facts(CreatorProfile p) {
    String id = p.creatorId();
    List<EnrollmentFact> facts = new ArrayList<>();
    switch (p.status()) {
      case "SUSPENDED" -> facts.add(new EnrollmentFact.CreatorSuspended(id, ""));
      case "BANNED" -> facts.add(new EnrollmentFact.CreatorBanned(id, ""));
      case "OFFBOARDED" -> facts.add(new EnrollmentFact.CreatorOffboarded(id, ""));
      case "ACTIVE", "RESTRICTED" -> facts.add(new EnrollmentFact.SuspensionEnded(id, ""));
      default -> {}
    }
    if (p.restrictionTypes().contains("CAMPAIGN_INELIGIBLE")) {
      facts.add(new EnrollmentFact.CampaignIneligible(id, "", ""));
    }
    return facts;
  }
}
