package io.creatorgov.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code creatorgov.policy.*}: caching and change-feed tuning of policy-service. */
@ConfigMapping(prefix = "creatorgov.policy")
public interface PolicySettings {

  Cache cache();

  Feed feed();

  /** How far in the past an {@code effective_from} may lie when publishing (clock skew). */
  @WithDefault("60s")
  Duration publishPastTolerance();

  /** How far ahead a version may be scheduled. */
  @WithDefault("366d")
  Duration publishMaxAhead();

  /** How often scheduled versions are checked for having become effective (and announced). */
  @WithDefault("1s")
  String effectivenessCheck();

  interface Cache {
    /** Prefix of every Redis key and channel of this service. */
    @WithDefault("creatorgov:policy:")
    String redisPrefix();

    /** TTL of a resolved variant in Redis (content of a version never changes). */
    @WithDefault("1h")
    Duration resolvedTtl();

    /**
     * TTL of a policy's version timeline in Redis. Publish/retire invalidate it at once; the TTL
     * only bounds staleness when an invalidation could not reach Redis (it was down).
     */
    @WithDefault("60s")
    Duration timelineTtl();

    /** TTL of the in-process copy of a timeline (dropped on every invalidation message). */
    @WithDefault("30s")
    Duration localTimelineTtl();
  }

  interface Feed {
    /** Poll interval of a change-feed stream when no change notification arrives. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * A stream with no matching event for this long gets a checkpoint (the contract promises one at
     * least every 30 s of silence; 20 s leaves room for a poll interval and scheduling).
     */
    @WithDefault("20s")
    Duration checkpointInterval();

    /**
     * Change-feed streams one instance serves at once; one more is refused with UNAVAILABLE
     * OVERLOADED (the client reconnects with backoff and its last resume token, possibly to another
     * instance). Each open stream polls the event table every {@link #pollInterval()}, so this
     * bounds that load on PostgreSQL.
     */
    @WithDefault("200")
    int maxStreams();
  }
}
