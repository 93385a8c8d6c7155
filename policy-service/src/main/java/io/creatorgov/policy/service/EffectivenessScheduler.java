package io.creatorgov.policy.service;

import io.creatorgov.common.v1.EventEnvelope;
import io.creatorgov.kit.feed.FeedWriter;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.cache.PolicyReadCache;
import io.creatorgov.policy.domain.AffectedMarkets;
import io.creatorgov.policy.domain.EffectiveVersions;
import io.creatorgov.policy.domain.VersionTimeline;
import io.creatorgov.policy.repository.PolicyVersionEntity;
import io.creatorgov.policy.v1.PolicyChangeEvent;
import io.creatorgov.policy.v1.PolicyChangeEventType;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.VersionBecameEffective;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Announces scheduled versions when their {@code effective_from} arrives: one
 * VERSION_BECAME_EFFECTIVE event per version (a unique index makes it exactly once across
 * instances), then drops the caches so every reader sees it at once. Resolution itself never
 * depends on this job: it compares effective_from with the time asked for. "Due" is judged by the
 * policy clock (passed to the query), not the database's own {@code now()}, so the job and
 * resolution agree on what time it is.
 */
@ApplicationScoped
public class EffectivenessScheduler {
  private static final Logger LOG = Logger.getLogger(EffectivenessScheduler.class);

  private static final String DUE =
      "select v.* from policy_version v where v.effective_from is not null"
          + " and v.effective_from <= :now and v.state = 'PUBLISHED'"
          + " and not exists (select 1 from policy_change_event e where e.policy_key = v.policy_key"
          + " and e.version = v.version and e.event_type = 'POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE')"
          + " order by v.effective_from limit 50";
  private static final String INSERT =
      "insert into policy_change_event (event_id, event_type, policy_key, version, markets, payload,"
          + " occurred_at) values (:id, :type, :key, :version, :markets, :payload, :at)"
          + " on conflict do nothing";

  private final MarketRegistry markets;
  private final PolicyReadCache cache;
  private final FeedSignals feed;
  private final Clock clock;

  public EffectivenessScheduler(
      MarketRegistry markets, PolicyReadCache cache, FeedSignals feed, Clock clock) {
    this.markets = markets;
    this.cache = cache;
    this.feed = feed;
    this.clock = clock;
  }

  /** A due version and the event that announces it (with the markets it is felt in). */
  private record Announcement(PolicyVersionEntity version, PolicyChangeEvent event) {}

  @Scheduled(
      every = "${creatorgov.policy.effectiveness-check:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> announceDueVersions() {
    return Panache.withTransaction(this::announceDue)
        .call(this::afterCommit)
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(EffectivenessScheduler::logAndGoOn);
  }

  /** Announces every due version in one transaction; returns the keys of their policies. */
  private Uni<Set<String>> announceDue() {
    return Panache.getSession().chain(this::announceDueIn);
  }

  private Uni<Set<String>> announceDueIn(Mutiny.Session session) {
    return session
        .createNativeQuery(DUE, PolicyVersionEntity.class)
        .setParameter("now", OffsetDateTime.now(clock))
        .getResultList()
        .call(due -> InTurn.each(due, v -> announce(session, v)))
        .map(EffectivenessScheduler::policyKeys);
  }

  /** After the transaction commits: drop the caches of every announced policy, wake the feeds. */
  private Uni<Void> afterCommit(Set<String> keys) {
    return InTurn.each(keys, cache::invalidate).invoke(() -> wakeFeeds(keys));
  }

  private void wakeFeeds(Set<String> keys) {
    if (!keys.isEmpty()) {
      feed.changed();
    }
  }

  private static Uni<Void> logAndGoOn(Throwable failure) {
    LOG.warnf("could not announce scheduled policy versions: %s", failure.getMessage());
    return Uni.createFrom().voidItem();
  }

  private Uni<Void> announce(Mutiny.Session session, PolicyVersionEntity v) {
    return otherPublished(session, v)
        .map(rows -> announcement(v, rows))
        .chain(a -> append(session, a))
        .invoke(() -> LOG.infof("policy %s v%d is now effective", v.policyKey, v.version));
  }

  /** The policy's other published versions: version, effective_from, retired_at, document. */
  private static Uni<List<Object[]>> otherPublished(Mutiny.Session session, PolicyVersionEntity v) {
    return session
        .createNativeQuery(
            "select version, effective_from, retired_at, document from policy_version where policy_key = :key"
                + " and effective_from is not null and version <> :version",
            Object[].class)
        .setParameter("key", v.policyKey)
        .setParameter("version", v.version)
        .getResultList();
  }

  /**
   * VERSION_BECAME_EFFECTIVE for {@code v}, superseding the version in force just before it, felt
   * where either applies. The event happened when the version took effect, not when this job
   * noticed it.
   */
  private Announcement announcement(PolicyVersionEntity v, List<Object[]> others) {
    Optional<VersionTimeline> superseded =
        EffectiveVersions.inForceAt(timeline(others), v.effectiveFrom.toInstant().minusNanos(1000));
    PolicyVersion supersededDocument =
        superseded
            .flatMap(sv -> row(others, sv.version()))
            .map(r -> parse((byte[]) r[3]))
            .orElse(null);
    List<String> affected =
        AffectedMarkets.of(markets, PolicyMapper.document(v), supersededDocument);
    OffsetDateTime at = v.effectiveFrom;
    PolicyChangeEvent event =
        PolicyChangeEvent.newBuilder()
            .setEnvelope(
                EventEnvelope.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setOccurredTime(ProtoTime.of(at))
                    .setActor(PolicyJournal.SYSTEM_ACTOR)
                    .setSubject("policies/" + v.policyKey + "/versions/" + v.version))
            .setPolicyKey(v.policyKey)
            .setVersion(v.version)
            .setEventType(PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE)
            .addAllMarkets(affected)
            .setVersionBecameEffective(
                VersionBecameEffective.newBuilder()
                    .setEffectiveTime(ProtoTime.of(v.effectiveFrom))
                    .setSupersededVersion(superseded.map(VersionTimeline::version).orElse(0)))
            .build();
    return new Announcement(v, event);
  }

  /** Inserts the event in commit order; a unique index makes it once across instances. */
  private static Uni<Void> append(Mutiny.Session session, Announcement a) {
    return FeedWriter.appendInCommitOrder(
        session, PolicyJournal.FEED_LOCK, () -> insert(session, a));
  }

  private static Uni<Integer> insert(Mutiny.Session session, Announcement a) {
    PolicyChangeEvent event = a.event();
    return session
        .createNativeQuery(INSERT)
        .setParameter("id", event.getEnvelope().getEventId())
        .setParameter("type", event.getEventType().name())
        .setParameter("key", a.version().policyKey)
        .setParameter("version", a.version().version)
        .setParameter("markets", String.join(",", event.getMarketsList()))
        .setParameter("payload", event.toByteArray())
        .setParameter("at", a.version().effectiveFrom)
        .executeUpdate();
  }

  private static Set<String> policyKeys(List<PolicyVersionEntity> due) {
    return due.stream().map(v -> v.policyKey).collect(Collectors.toSet());
  }

  private static List<VersionTimeline> timeline(List<Object[]> rows) {
    return rows.stream().map(EffectivenessScheduler::timelineOf).toList();
  }

  private static VersionTimeline timelineOf(Object[] r) {
    return new VersionTimeline(
        ((Number) r[0]).intValue(), toInstant(r[1]), r[2] == null ? null : toInstant(r[2]));
  }

  private static Optional<Object[]> row(List<Object[]> rows, int version) {
    return rows.stream().filter(r -> ((Number) r[0]).intValue() == version).findFirst();
  }

  private static PolicyVersion parse(byte[] bytes) {
    try {
      return PolicyVersion.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt policy version", e);
    }
  }

  private static java.time.Instant toInstant(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof java.time.Instant i) {
      return i;
    }
    if (value instanceof java.time.LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC);
    }
    return java.sql.Timestamp.class.cast(value).toInstant();
  }
}
