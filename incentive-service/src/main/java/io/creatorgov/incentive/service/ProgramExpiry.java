package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.ProgramLifecycle;
import io.creatorgov.incentive.domain.ProgramLifecycle.Move;
import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.kit.auth.CallerIdentity;
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
 * Ends ACTIVE and PAUSED programmes at their window's end, as the contract promises (actor kind
 * SYSTEM, subject {@code program-scheduler}; ended_time = window.end_time), and announces each on
 * the incentive feed. Each programme ends in a transaction of its own, locked like any command; one
 * that cannot be ended now (its row is held) is retried next round.
 */
@ApplicationScoped
public class ProgramExpiry {
  private static final Logger LOG = Logger.getLogger(ProgramExpiry.class);

  /** The actor of automatic ends. */
  static final CallerIdentity SCHEDULER = CallerIdentity.system("program-scheduler");

  private final ProgramRepository programs;
  private final ProgramViews views;
  private final ProgramForms forms;
  private final IncentiveJournal journal;
  private final Clock clock;
  private final int batchSize;

  public ProgramExpiry(
      ProgramRepository programs,
      ProgramViews views,
      ProgramForms forms,
      IncentiveJournal journal,
      Clock clock,
      @ConfigProperty(name = "creatorgov.programs.end-batch-size", defaultValue = "100")
          int batchSize) {
    this.programs = programs;
    this.views = views;
    this.forms = forms;
    this.journal = journal;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  @Scheduled(
      every = "${creatorgov.programs.end-check-interval:30s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public Uni<Void> endDue() {
    OffsetDateTime now = StoredTime.now(clock);
    return Panache.withSession(() -> programs.dueToEnd(now, batchSize))
        .chain(this::endEach)
        .onFailure()
        .invoke(f -> LOG.warnf(f, "programme end round failed; retrying next round"))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** One after the other, each in its own transaction. */
  private Uni<Void> endEach(List<ProgramEntity> due) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (ProgramEntity p : due) {
      chain = chain.call(() -> endOne(p.programId));
    }
    return chain;
  }

  Uni<Void> endOne(String programId) {
    return Panache.withTransaction(() -> endLocked(programId))
        .onFailure()
        .invoke(f -> LOG.infof(f, "programme %s not ended this round", programId))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  private Uni<Void> endLocked(String programId) {
    return programs.locked(programId).chain(this::endIfDue);
  }

  /** Decide: still running and its window is over at the job's now; then write and announce. */
  private Uni<Void> endIfDue(ProgramEntity p) {
    OffsetDateTime now = StoredTime.now(clock);
    if (p == null || !running(p.state) || p.windowEnd.isAfter(now)) {
      return Uni.createFrom().voidItem();
    }
    Move move = ProgramLifecycle.end(views.phase(p), ProgramViews.window(p), now.toInstant());
    views.writePhase(p, move.next());
    p.lastUpdated = forms.stamp(SCHEDULER, now, "the programme's window ended", "");
    p.updateTime = now;
    return programs
        .flush()
        .map(ignored -> views.view(p))
        .call(view -> journal.programStateChanged(SCHEDULER, view))
        .replaceWithVoid();
  }

  private static boolean running(ProgramState state) {
    return state == ProgramState.ACTIVE || state == ProgramState.PAUSED;
  }
}
