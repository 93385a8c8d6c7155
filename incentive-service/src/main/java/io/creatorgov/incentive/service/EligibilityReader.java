package io.creatorgov.incentive.service;

import io.creatorgov.incentive.client.CreatorProfile;
import io.creatorgov.incentive.client.CreatorServiceClient;
import io.creatorgov.incentive.client.EnforcementServiceClient;
import io.creatorgov.incentive.client.StandingSnapshot;
import io.creatorgov.incentive.domain.CreatorFacts;
import io.creatorgov.incentive.domain.EligibilityEvaluation;
import io.creatorgov.incentive.domain.EligibilityEvaluator;
import io.creatorgov.incentive.domain.EligibilitySnapshot;
import io.creatorgov.incentive.domain.Standing;
import io.creatorgov.incentive.domain.Tier;
import io.creatorgov.kit.client.CallerContext;
import io.creatorgov.kit.client.PeerFailures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The live eligibility evaluation: reads the creator from creator-service and, when the programme
 * sets a points or health criterion, the standing from enforcement-service — never inside a
 * transaction (ADR 0004) — and hands them to the pure {@link EligibilityEvaluator}. A peer that
 * cannot be reached fails the call with UNAVAILABLE DEPENDENCY_UNAVAILABLE naming it: an unknown
 * creator or standing is never read as an eligible one.
 */
@ApplicationScoped
public class EligibilityReader {

  /** The creator as read, and when creator-service answered. */
  private record CreatorRead(CreatorFacts facts, Instant at) {}

  private final CreatorServiceClient creators;
  private final EnforcementServiceClient enforcement;
  private final Clock clock;

  public EligibilityReader(
      CreatorServiceClient creators, EnforcementServiceClient enforcement, Clock clock) {
    this.creators = creators;
    this.enforcement = enforcement;
    this.clock = clock;
  }

  /** Evaluates {@code creatorId} against {@code program}'s eligibility, live. */
  public Uni<EligibilityEvaluation> evaluate(ProgramView program, String creatorId) {
    String market = program.terms().market();
    boolean needsStanding = EligibilityEvaluator.needsStanding(program.terms().eligibility());
    return creator(creatorId)
        .chain(read -> snapshot(read, creatorId, market, needsStanding))
        .map(
            snapshot ->
                EligibilityEvaluator.evaluate(
                    market, program.terms().eligibility(), snapshot, clock.instant()));
  }

  private Uni<CreatorRead> creator(String creatorId) {
    return CallerContext.resumeOn(creators.creator(creatorId))
        .onFailure(EligibilityReader::unreachable)
        .transform(f -> PeerFailures.unavailable(CreatorServiceClient.PEER, Map.of()))
        .map(profile -> new CreatorRead(facts(profile), clock.instant()));
  }

  private Uni<EligibilitySnapshot> snapshot(
      CreatorRead read, String creatorId, String market, boolean needsStanding) {
    if (!needsStanding) {
      return Uni.createFrom().item(new EligibilitySnapshot(read.facts(), read.at(), null, null));
    }
    return CallerContext.resumeOn(enforcement.standing(creatorId, market))
        .onFailure(EligibilityReader::unreachable)
        .transform(f -> PeerFailures.unavailable(EnforcementServiceClient.PEER, Map.of()))
        .map(s -> new EligibilitySnapshot(read.facts(), read.at(), standing(s), clock.instant()));
  }

  /** A peer down, overloaded or refused by its open circuit: nothing it said can be used. */
  private static boolean unreachable(Throwable t) {
    return t instanceof PeerFailures.TransientFailure || t instanceof CircuitBreakerOpenException;
  }

  private static CreatorFacts facts(CreatorProfile p) {
    return new CreatorFacts(
        p.market(), p.status(), tier(p.tier()), p.categories(), p.restrictionTypes());
  }

  private static Tier tier(String name) {
    return Arrays.stream(Tier.values()).filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  private static Standing standing(StandingSnapshot s) {
    Standing.Model model =
        s.pointsLadder()
            ? Standing.Model.POINTS_LADDER
            : s.healthRating() ? Standing.Model.HEALTH_RATING : Standing.Model.NONE;
    return new Standing(model, s.activePoints(), s.healthScore());
  }
}
