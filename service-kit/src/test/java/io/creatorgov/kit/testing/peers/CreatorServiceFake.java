package io.creatorgov.kit.testing.peers;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.common.v1.FeedCheckpoint;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.ApplyRestrictionResponse;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorEvent;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.GetCreatorResponse;
import io.creatorgov.creator.v1.LiftRestrictionRequest;
import io.creatorgov.creator.v1.LiftRestrictionResponse;
import io.creatorgov.creator.v1.ListStatusHistoryRequest;
import io.creatorgov.creator.v1.ListStatusHistoryResponse;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.creator.v1.StreamCreatorEventsRequest;
import io.creatorgov.creator.v1.StreamCreatorEventsResponse;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.creator.v1.TransitionCreatorStatusResponse;
import io.creatorgov.kit.time.ProtoTime;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * creator-service, faked: GetCreator answers the creators the test registered; ApplyRestriction,
 * LiftRestriction and TransitionCreatorStatus record what they were asked, deduplicated by request
 * id as creator-service does; StreamCreatorEvents serves the events the test {@link
 * Creators#publish published}, in order, from a resume token (the event's sequence) or from now,
 * filtered as the contract filters, and stays open delivering later ones and {@link
 * Creators#checkpoint checkpoints}; everything answers UNAVAILABLE while {@link Creators#down} is
 * set (open streams end with UNAVAILABLE when it is set by {@link Creators#goDown}).
 */
public class CreatorServiceFake extends FakePeer<CreatorServiceFake.Creators> {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  public CreatorServiceFake() {
    super("creator", new Creators(), Inject.class);
  }

  /** The fake's state, shared with the test. */
  public static final class Creators extends CreatorServiceGrpc.CreatorServiceImplBase {
    private final Map<String, String> markets = new ConcurrentHashMap<>();
    private final Map<String, Creator> creators = new ConcurrentHashMap<>();
    private final Map<String, List<StatusHistoryEntry>> histories = new ConcurrentHashMap<>();
    public volatile boolean down;

    /** How long GetCreator takes to answer (0: at once); beyond the client's timeout it fails. */
    public volatile long getCreatorDelayMillis;

    /** While set, ApplyRestriction and TransitionCreatorStatus answer UNAVAILABLE (reads work). */
    public volatile boolean refuseDeliveries;

    /** Every apply call received, duplicates included: (action id, what). */
    public final List<String> calls = new CopyOnWriteArrayList<>();

    /** Request ids applied once each: what creator-service would hold. */
    public final Set<String> applied = ConcurrentHashMap.newKeySet();

    /** See {@link PeerConditions#probe}. */
    public volatile IntSupplier openTransactions;

    public final AtomicInteger callsWithATransactionOpen = new AtomicInteger();

    public void register(String creatorId, String market) {
      markets.put(creatorId, market);
    }

    /** Registers {@code creator} as GetCreator answers it (status, tier, categories…). */
    public void register(Creator creator) {
      markets.put(creator.getCreatorId(), creator.getMarket());
      creators.put(creator.getCreatorId(), creator);
    }

    /**
     * Appends a status change to the creator's history as ListStatusHistory answers it (sequence
     * assigned in order).
     */
    public void addStatusChange(String creatorId, StatusHistoryEntry entry) {
      List<StatusHistoryEntry> history =
          histories.computeIfAbsent(creatorId, id -> new CopyOnWriteArrayList<>());
      history.add(
          entry.toBuilder().setCreatorId(creatorId).setSequence(history.size() + 1L).build());
    }

    /**
     * How long ListStatusHistory takes to answer (0: at once); beyond the client's timeout it
     * fails.
     */
    public volatile long statusHistoryDelayMillis;

    /** ListStatusHistory: the history the test added, oldest first, in pages of page_size. */
    @Override
    public void listStatusHistory(
        ListStatusHistoryRequest request, StreamObserver<ListStatusHistoryResponse> observer) {
      PeerConditions.probe(openTransactions, callsWithATransactionOpen);
      if (!PeerConditions.sleep(statusHistoryDelayMillis) || refuseWhileDown(observer)) {
        return;
      }
      List<StatusHistoryEntry> history = histories.getOrDefault(request.getCreatorId(), List.of());
      int size = request.getPageSize() <= 0 ? 50 : request.getPageSize();
      int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
      int to = Math.min(history.size(), from + size);
      observer.onNext(
          ListStatusHistoryResponse.newBuilder()
              .addAllEntries(history.subList(from, to))
              .setNextPageToken(to < history.size() ? Integer.toString(to) : "")
              .build());
      observer.onCompleted();
    }

    @Override
    public void getCreator(GetCreatorRequest request, StreamObserver<GetCreatorResponse> observer) {
      PeerConditions.probe(openTransactions, callsWithATransactionOpen);
      if (!PeerConditions.sleep(getCreatorDelayMillis)) {
        return;
      }
      if (refuseWhileDown(observer)) {
        return;
      }
      String market = markets.get(request.getCreatorId());
      if (market == null) {
        observer.onError(notFound(request.getCreatorId()));
        return;
      }
      Creator creator =
          creators.getOrDefault(
              request.getCreatorId(),
              Creator.newBuilder()
                  .setCreatorId(request.getCreatorId())
                  .setMarket(market)
                  .setHandle("handle-" + request.getCreatorId())
                  .setStatus(CreatorStatus.CREATOR_STATUS_ACTIVE)
                  .build());
      observer.onNext(GetCreatorResponse.newBuilder().setCreator(creator).build());
      observer.onCompleted();
    }

    @Override
    public void applyRestriction(
        ApplyRestrictionRequest request, StreamObserver<ApplyRestrictionResponse> observer) {
      if (refuseWhileDown(observer) || refuseDelivery(observer)) {
        return;
      }
      calls.add(request.getEnforcementActionId() + " " + request.getType());
      boolean first = applied.add(request.getRequestId());
      observer.onNext(ApplyRestrictionResponse.newBuilder().setAlreadyApplied(!first).build());
      observer.onCompleted();
    }

    @Override
    public void transitionCreatorStatus(
        TransitionCreatorStatusRequest request,
        StreamObserver<TransitionCreatorStatusResponse> observer) {
      if (refuseWhileDown(observer) || refuseDelivery(observer)) {
        return;
      }
      // an undo (UNBAN, REINSTATE) also names what it cites: the appeal or the reversal basis
      String cites =
          (request.getAppealId().isEmpty() ? "" : " " + request.getAppealId())
              + (request.getReversalBasisValue() == 0 ? "" : " " + request.getReversalBasis());
      calls.add(request.getEnforcementActionId() + " " + request.getTransition() + cites);
      boolean first = applied.add(request.getRequestId());
      observer.onNext(
          TransitionCreatorStatusResponse.newBuilder().setAlreadyApplied(!first).build());
      observer.onCompleted();
    }

    @Override
    public void liftRestriction(
        LiftRestrictionRequest request, StreamObserver<LiftRestrictionResponse> observer) {
      if (refuseWhileDown(observer) || refuseDelivery(observer)) {
        return;
      }
      calls.add(request.getEnforcementActionId() + " LIFT " + request.getAppealId());
      boolean first = applied.add(request.getRequestId());
      observer.onNext(LiftRestrictionResponse.newBuilder().setLiftedCount(first ? 1 : 0).build());
      observer.onCompleted();
    }

    /** Calls received for one action, in order ("<action> <what>"). */
    public List<String> callsOf(String actionId) {
      return calls.stream().filter(c -> c.startsWith(actionId + " ")).toList();
    }

    /** Apply calls received for one action. */
    public long callsFor(String actionId) {
      return calls.stream().filter(c -> c.startsWith(actionId + " ")).count();
    }

    // ---- the change feed (StreamCreatorEvents) ------------------------------------------------

    private final List<CreatorEvent> events = new ArrayList<>();
    private final List<FeedSubscriber> subscribers = new CopyOnWriteArrayList<>();

    /**
     * Resume tokens below this sequence are refused with OUT_OF_RANGE RESUME_TOKEN_EXPIRED, as past
     * the feed's retention (0: none).
     */
    public volatile long tokensExpiredBelow;

    /** The request of every stream opened (resume token, start_from_now, filters), in order. */
    public final List<StreamCreatorEventsRequest> streamRequests = new CopyOnWriteArrayList<>();

    private record FeedSubscriber(
        StreamCreatorEventsRequest filter, StreamObserver<StreamCreatorEventsResponse> observer) {}

    /**
     * Appends {@code event} to the feed with the next sequence (its resume token is the sequence)
     * and delivers it to the open streams it matches; returns it as delivered.
     */
    public synchronized CreatorEvent publish(CreatorEvent event) {
      long sequence = events.size() + 1L;
      CreatorEvent sequenced =
          event.toBuilder()
              .setEnvelope(
                  event.getEnvelope().toBuilder()
                      .setSequence(sequence)
                      .setResumeToken(Long.toString(sequence))
                      .setEventId(
                          event.getEnvelope().getEventId().isEmpty()
                              ? "ce_" + sequence
                              : event.getEnvelope().getEventId())
                      .setSubject("creators/" + event.getCreatorId())
                      .setOccurredTime(ProtoTime.of(Instant.now())))
              .build();
      events.add(sequenced);
      subscribers.forEach(s -> deliverEvent(s, sequenced));
      return sequenced;
    }

    /** Sends every open stream a checkpoint at the feed's current position. */
    public synchronized void checkpoint() {
      FeedCheckpoint checkpoint =
          FeedCheckpoint.newBuilder()
              .setSequence(events.size())
              .setResumeToken(Long.toString(events.size()))
              .setAsOfTime(ProtoTime.of(Instant.now()))
              .build();
      StreamCreatorEventsResponse item =
          StreamCreatorEventsResponse.newBuilder().setCheckpoint(checkpoint).build();
      subscribers.forEach(s -> s.observer().onNext(item));
    }

    /** Sets {@link #down} and ends every open stream with UNAVAILABLE, as a crash would. */
    public void goDown() {
      down = true;
      subscribers.forEach(
          s ->
              s.observer()
                  .onError(
                      Status.UNAVAILABLE
                          .withDescription("creator-service down")
                          .asRuntimeException()));
      subscribers.clear();
    }

    /** The feed's current position: the sequence of the last event published (0 when none). */
    public synchronized long feedSize() {
      return events.size();
    }

    /** How many streams are open now. */
    public int openStreams() {
      return subscribers.size();
    }

    @Override
    public void streamCreatorEvents(
        StreamCreatorEventsRequest request, StreamObserver<StreamCreatorEventsResponse> observer) {
      streamRequests.add(request);
      if (refuseWhileDown(observer)) {
        return;
      }
      if (!request.getResumeToken().isEmpty()
          && Long.parseLong(request.getResumeToken()) < tokensExpiredBelow) {
        observer.onError(
            PeerConditions.refusal(
                Status.Code.OUT_OF_RANGE,
                "resume token " + request.getResumeToken() + " is older than the retention",
                "RESUME_TOKEN_EXPIRED",
                "creator.creatorgov.io",
                Map.of()));
        return;
      }
      FeedSubscriber subscriber = new FeedSubscriber(request, observer);
      synchronized (this) {
        long after =
            request.getStartFromNow()
                ? events.size()
                : request.getResumeToken().isEmpty() ? 0 : Long.parseLong(request.getResumeToken());
        events.stream()
            .filter(e -> e.getEnvelope().getSequence() > after)
            .forEach(e -> deliverEvent(subscriber, e));
        subscribers.add(subscriber);
        // caught up: the contract's first checkpoint after the backlog
        observer.onNext(
            StreamCreatorEventsResponse.newBuilder()
                .setCheckpoint(
                    FeedCheckpoint.newBuilder()
                        .setSequence(events.size())
                        .setResumeToken(Long.toString(events.size()))
                        .setAsOfTime(ProtoTime.of(Instant.now())))
                .build());
      }
      if (observer instanceof ServerCallStreamObserver<?> call) {
        call.setOnCancelHandler(() -> subscribers.remove(subscriber));
      }
    }

    private static void deliverEvent(FeedSubscriber s, CreatorEvent event) {
      StreamCreatorEventsRequest f = s.filter();
      boolean wanted =
          (f.getMarketsCount() == 0 || f.getMarketsList().contains(event.getMarket()))
              && (f.getCreatorIdsCount() == 0
                  || f.getCreatorIdsList().contains(event.getCreatorId()))
              && (f.getEventTypesCount() == 0
                  || f.getEventTypesList().contains(event.getEventType()));
      if (wanted) {
        s.observer().onNext(StreamCreatorEventsResponse.newBuilder().setEvent(event).build());
      }
    }

    private boolean refuseDelivery(StreamObserver<?> observer) {
      return PeerConditions.refuseWhile(refuseDeliveries, "creator-service", observer);
    }

    private boolean refuseWhileDown(StreamObserver<?> observer) {
      return PeerConditions.refuseWhile(down, "creator-service", observer);
    }

    private static RuntimeException notFound(String creatorId) {
      return PeerConditions.refusal(
          Status.Code.NOT_FOUND,
          "creator " + creatorId + " not found",
          "RESOURCE_NOT_FOUND",
          "creator.creatorgov.io",
          Map.of("resource_type", "creator", "resource_id", creatorId));
    }
  }
}
