package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CreatorEventType;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.TierAssessment;
import io.creatorgov.creator.repository.CommissionChangeEntity;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A change announced on the creator change feed, in the service's terms; {@link Encoder} turns it
 * into the stored event payload.
 */
public sealed interface FeedChange {

  CreatorEventType type();

  /** A creator was registered (as it is now). */
  record Registered(CreatorView creator) implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.CREATOR_REGISTERED;
    }
  }

  /** A creator was activated into {@code status}, in {@code tier}. */
  record Activated(CreatorStatus status, CreatorTier tier) implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.CREATOR_ACTIVATED;
    }
  }

  /** Profile fields changed ({@code changedFields}: the update mask's paths). */
  record ProfileUpdated(List<String> changedFields, CreatorView creator) implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.PROFILE_UPDATED;
    }
  }

  /** A status change, as its stored history entry records it. */
  record StatusChanged(StatusHistoryEntity entry) implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.STATUS_CHANGED;
    }
  }

  /** A restriction took effect; the creator's status after it. */
  record RestrictionApplied(RestrictionEntity restriction, CreatorStatus creatorStatus)
      implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.RESTRICTION_APPLIED;
    }
  }

  /** A restriction was lifted or expired; the creator's status after it. */
  record RestrictionEnded(RestrictionEntity restriction, CreatorStatus creatorStatus)
      implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.RESTRICTION_ENDED;
    }
  }

  /** A commission rate changed. */
  record CommissionChanged(CommissionChangeEntity change) implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.COMMISSION_CHANGED;
    }
  }

  /** An assessment changed the tier. */
  record TierChanged(TierAssessment assessment) implements FeedChange {
    public CreatorEventType type() {
      return CreatorEventType.TIER_CHANGED;
    }
  }

  /**
   * Who and what an event is about.
   *
   * @param eventId the event's id, also its row's
   */
  record Envelope(
      String eventId,
      String creatorId,
      String market,
      io.creatorgov.kit.auth.CallerIdentity actor,
      OffsetDateTime at) {}

  /**
   * Encodes a change as the stored event payload: the contract's {@code CreatorEvent}, which the
   * feed streams as stored. Implemented by the API layer (grpc/ProtoFeedEncoder).
   */
  interface Encoder {
    byte[] encode(Envelope envelope, FeedChange change);
  }
}
