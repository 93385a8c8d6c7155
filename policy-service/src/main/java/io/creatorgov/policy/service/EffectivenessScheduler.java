package io.creatorgov.policy.service;

import io.creatorgov.common.v1.EventEnvelope;
import io.creatorgov.kit.feed.FeedWriter;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.time.ProtoTime;
import io.creatorgov.policy.cache.PolicyReadCache;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Announces scheduled versions when their {@code effective_from} arrives: one
 * VERSION_BECAME_EFFECTIVE event per version (a unique index makes it exactly once across
 * instances), then drops the caches so every reader sees it at once. Resolution itself never
 * depends on this job: it compares effective_from with the time asked for.
 */
@ApplicationScoped
public class EffectivenessScheduler {
  private static final Logger LOG = Logger.getLogger(EffectivenessScheduler.class);

  private static final String DUE =
      "select v.* from policy_version v where v.effective_from is not null"
          + " and v.effective_from <= now() and v.state = 'PUBLISHED'"
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

  public EffectivenessScheduler(MarketRegistry markets, PolicyReadCache cache, FeedSignals feed) {
    this.markets = markets;
    this.cache = cache;
    this.feed = feed;
  }

  @Scheduled(
      every = "${creatorgov.policy.effectiveness-check:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> announceDueVersions() {
    return Panache.withTransaction(
            () ->
                Panache.getSession()
                    .flatMap(
                        session ->
                            session
                                .createNativeQuery(DUE, PolicyVersionEntity.class)
                                .getResultList()
                                .flatMap(
                                    due -> {
                                      if (due.isEmpty()) {
                                        return Uni.createFrom().item(Set.<String>of());
                                      }
                                      Uni<Void> chain = Uni.createFrom().voidItem();
                                      for (PolicyVersionEntity v : due) {
                                        chain = chain.call(() -> announce(session, v));
                                      }
                                      return chain.map(
                                          ignored ->
                                              due.stream()
                                                  .map(v -> v.policyKey)
                                                  .collect(Collectors.toSet()));
                                    })))
        .flatMap(
            keys -> {
              Uni<Void> chain = Uni.createFrom().voidItem();
              for (String key : keys) {
                chain = chain.call(() -> cache.invalidate(key));
              }
              return chain.invoke(
                  () -> {
                    if (!keys.isEmpty()) {
                      feed.changed();
                    }
                  });
            })
        .onFailure()
        .recoverWithUni(
            failure -> {
              LOG.warnf("could not announce scheduled policy versions: %s", failure.getMessage());
              return Uni.createFrom().voidItem();
            });
  }

  private Uni<Void> announce(
      org.hibernate.reactive.mutiny.Mutiny.Session session, PolicyVersionEntity v) {
    return session
        .createNativeQuery(
            "select version, effective_from, retired_at, document from policy_version where policy_key = :key"
                + " and effective_from is not null and version <> :version",
            Object[].class)
        .setParameter("key", v.policyKey)
        .setParameter("version", v.version)
        .getResultList()
        .flatMap(
            rows -> {
              List<VersionTimeline> others =
                  rows.stream()
                      .map(
                          r ->
                              new VersionTimeline(
                                  ((Number) r[0]).intValue(),
                                  toInstant(r[1]),
                                  r[2] == null ? null : toInstant(r[2])))
                      .toList();
              Optional<VersionTimeline> supersededVersion =
                  EffectiveVersions.inForceAt(others, v.effectiveFrom.toInstant().minusNanos(1000));
              int superseded = supersededVersion.map(VersionTimeline::version).orElse(0);
              PolicyVersion document = PolicyMapper.document(v);
              PolicyVersion supersededDocument =
                  supersededVersion
                      .flatMap(
                          sv ->
                              rows.stream()
                                  .filter(r -> ((Number) r[0]).intValue() == sv.version())
                                  .findFirst())
                      .map(r -> parse((byte[]) r[3]))
                      .orElse(null);
              List<String> affected =
                  PolicyCommands.affectedMarkets(markets, document, supersededDocument);
              // The event happened when the version took effect, not when this job noticed it.
              OffsetDateTime now = v.effectiveFrom;
              String eventId = UUID.randomUUID().toString();
              PolicyChangeEvent event =
                  PolicyChangeEvent.newBuilder()
                      .setEnvelope(
                          EventEnvelope.newBuilder()
                              .setEventId(eventId)
                              .setOccurredTime(ProtoTime.of(now))
                              .setActor(PolicyJournal.SYSTEM_ACTOR)
                              .setSubject("policies/" + v.policyKey + "/versions/" + v.version))
                      .setPolicyKey(v.policyKey)
                      .setVersion(v.version)
                      .setEventType(
                          PolicyChangeEventType.POLICY_CHANGE_EVENT_TYPE_VERSION_BECAME_EFFECTIVE)
                      .addAllMarkets(affected)
                      .setVersionBecameEffective(
                          VersionBecameEffective.newBuilder()
                              .setEffectiveTime(ProtoTime.of(v.effectiveFrom))
                              .setSupersededVersion(superseded))
                      .build();
              return FeedWriter.appendInCommitOrder(
                      session,
                      PolicyJournal.FEED_LOCK,
                      () ->
                          session
                              .createNativeQuery(INSERT)
                              .setParameter("id", eventId)
                              .setParameter("type", event.getEventType().name())
                              .setParameter("key", v.policyKey)
                              .setParameter("version", v.version)
                              .setParameter("markets", String.join(",", affected))
                              .setParameter("payload", event.toByteArray())
                              .setParameter("at", now)
                              .executeUpdate())
                  .invoke(
                      () -> LOG.infof("policy %s v%d is now effective", v.policyKey, v.version));
            });
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
