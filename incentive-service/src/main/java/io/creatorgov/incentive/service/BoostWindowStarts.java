package io.creatorgov.incentive.service;

import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.repository.TrafficBoostRepository;
import io.creatorgov.kit.time.StoredTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Announces the traffic boosts that start with a programme's window: a creator may enrol in an
 * ACTIVE programme before its window opens, and nothing else happens when it does. Each round finds
 * ACTIVE programmes whose window has started with an ENROLLED creator whose boost is not granted
 * yet, and grants them (actor SYSTEM {@code program-scheduler}), each programme in a transaction of
 * its own with its row locked like any programme move. The boost records make a grant happen once
 * however often (or on however many instances) the round runs.
 */
@ApplicationScoped
public class BoostWindowStarts {
  private static final Logger LOG = Logger.getLogger(BoostWindowStarts.class);

  private final TrafficBoostRepository boosts;
  private final ProgramRepository programs;
  private final IncentiveJournal journal;
  private final Clock clock;
  private final int batchSize;

  public BoostWindowStarts(
      TrafficBoostRepository boosts,
      ProgramRepository programs,
      IncentiveJournal journal,
      Clock clock,
      @ConfigProperty(name = "creatorgov.programs.end-batch-size", defaultValue = "100")
          int batchSize) {
    this.boosts = boosts;
    this.programs = programs;
    this.journal = journal;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  @Scheduled(
      every = "${creatorgov.programs.boost-start-check-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public Uni<Void> grantDue() {
    OffsetDateTime now = StoredTime.now(clock);
    return Panache.withSession(() -> boosts.programsWithPendingBoosts(now, batchSize))
        .chain(this::grantEach)
        .onFailure()
        .invoke(f -> LOG.warnf(f, "boost window-start round failed; retrying next round"))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** One after the other, each in its own transaction. */
  private Uni<Void> grantEach(List<String> programIds) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String programId : programIds) {
      chain = chain.call(() -> grantOne(programId));
    }
    return chain;
  }

  Uni<Void> grantOne(String programId) {
    return Panache.withTransaction(() -> programs.locked(programId).chain(this::grantLocked))
        .onFailure()
        .invoke(f -> LOG.infof(f, "boosts of programme %s not granted this round", programId))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** Decide and announce under the programme's lock (the tracker re-checks state and window). */
  private Uni<Void> grantLocked(ProgramEntity p) {
    if (p == null) {
      return Uni.createFrom().voidItem();
    }
    return journal.windowStarted(ProgramExpiry.SCHEDULER, p.programId, StoredTime.now(clock));
  }
}
