package io.creatorgov.kit.testing.peers;

import io.creatorgov.common.v1.FeedCheckpoint;
import io.creatorgov.enforcement.v1.Appeal;
import io.creatorgov.enforcement.v1.AppealState;
import io.creatorgov.enforcement.v1.CreatorStanding;
import io.creatorgov.enforcement.v1.EnforcementEvent;
import io.creatorgov.enforcement.v1.EnforcementServiceGrpc;
import io.creatorgov.enforcement.v1.GetCreatorStandingRequest;
import io.creatorgov.enforcement.v1.GetCreatorStandingResponse;
import io.creatorgov.enforcement.v1.ListAppealsRequest;
import io.creatorgov.enforcement.v1.ListAppealsResponse;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsRequest;
import io.creatorgov.enforcement.v1.StreamEnforcementEventsResponse;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * enforcement-service, faked: GetCreatorStanding answers the standing the test put (a creator with
 * none has a clean standing in the market asked) with the creator's open appeals the test put;
 * ListAppeals refuses, as the real service refuses a {@code service} token; StreamEnforcementEvents
 * serves the events the test {@link Enforcement#publish published}, in order, from a resume token
 * (the event's sequence) or from now, filtered as the contract filters, and stays open delivering
 * later ones and {@link Enforcement#checkpoint checkpoints}. Everything answers UNAVAILABLE while
 * {@link Enforcement#down} is set (open streams end with UNAVAILABLE when it is set by {@link
 * Enforcement#goDown}).
 */
public class EnforcementServiceFake extends FakePeer<EnforcementServiceFake.Enforcement> {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  public EnforcementServiceFake() {
    super("enforcement", new Enforcement(), Inject.class);
  }

  /** The fake's state, shared with the test. */
  public static final class Enforcement extends EnforcementServiceGrpc.EnforcementServiceImplBase {
    private final Map<String, CreatorStanding> standings = new ConcurrentHashMap<>();
    private final Map<String, Appeal> appeals = new ConcurrentHashMap<>();
    private final List<EnforcementEvent> events = new ArrayList<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    public volatile boolean down;

    /** When above 0, GetCreatorStanding answers only after this many milliseconds. */
    public volatile long delayMillis;

    public final AtomicInteger standingCalls = new AtomicInteger();

    /** See {@link PeerConditions#probe}. */
    public volatile IntSupplier openTransactions;

    public final AtomicInteger callsWithATransactionOpen = new AtomicInteger();

    /** The request of every stream opened (resume token, start_from_now, filters), in order. */
    public final List<StreamEnforcementEventsRequest> streamRequests = new CopyOnWriteArrayList<>();

    private record Subscriber(
        StreamEnforcementEventsRequest filter,
        StreamObserver<StreamEnforcementEventsResponse> observer) {}

    /** The standing GetCreatorStanding answers for its creator and market. */
    public void put(CreatorStanding standing) {
      standings.put(standing.getCreatorId() + "|" + standing.getMarket(), standing);
    }

    /**
     * Appends {@code event} to the feed with the next sequence (its resume token is the sequence)
     * and delivers it to the open streams it matches; returns it as delivered.
     */
    public synchronized EnforcementEvent publish(EnforcementEvent event) {
      long sequence = events.size() + 1L;
      EnforcementEvent sequenced =
          event.toBuilder()
              .setEnvelope(
                  event.getEnvelope().toBuilder()
                      .setSequence(sequence)
                      .setResumeToken(Long.toString(sequence))
                      .setEventId(
                          event.getEnvelope().getEventId().isEmpty()
                              ? "ee_" + sequence
                              : event.getEnvelope().getEventId())
                      .setOccurredTime(ProtoTime.of(Instant.now())))
              .build();
      events.add(sequenced);
      subscribers.forEach(s -> deliver(s, sequenced));
      return sequenced;
    }

    /**
     * An appeal of the creator (replacing one with the same id); while OPEN or UNDER_REVIEW it is
     * among the {@code open_appeals} GetCreatorStanding answers for its creator and market.
     */
    public void putAppeal(Appeal appeal) {
      appeals.put(appeal.getAppealId(), appeal);
    }

    /**
     * ListAppeals refuses, as the real service refuses a {@code service} token (its readers are
     * appeal reviewers, operators and the creator): a peer service reads open appeals from
     * GetCreatorStanding.
     */
    @Override
    public void listAppeals(
        ListAppealsRequest request, StreamObserver<ListAppealsResponse> observer) {
      observer.onError(
          Status.PERMISSION_DENIED
              .withDescription("ListAppeals is not open to the service role")
              .asRuntimeException());
    }

    /** Sends every open stream a checkpoint at the feed's current position. */
    public synchronized void checkpoint() {
      FeedCheckpoint checkpoint =
          FeedCheckpoint.newBuilder()
              .setSequence(events.size())
              .setResumeToken(Long.toString(events.size()))
              .setAsOfTime(ProtoTime.of(Instant.now()))
              .build();
      StreamEnforcementEventsResponse item =
          StreamEnforcementEventsResponse.newBuilder().setCheckpoint(checkpoint).build();
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
                          .withDescription("enforcement-service down")
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
    public void getCreatorStanding(
        GetCreatorStandingRequest request, StreamObserver<GetCreatorStandingResponse> observer) {
      standingCalls.incrementAndGet();
      PeerConditions.probe(openTransactions, callsWithATransactionOpen);
      if (!PeerConditions.sleep(delayMillis)
          || PeerConditions.refuseWhile(down, "enforcement-service", observer)) {
        return;
      }
      CreatorStanding standing =
          standings.getOrDefault(
              request.getCreatorId() + "|" + request.getMarket(),
              CreatorStanding.newBuilder()
                  .setCreatorId(request.getCreatorId())
                  .setMarket(request.getMarket())
                  .build());
      List<Appeal> open =
          appeals.values().stream()
              .filter(a -> a.getCreatorId().equals(request.getCreatorId()))
              .filter(a -> a.getMarket().equals(request.getMarket()))
              .filter(
                  a ->
                      a.getState() == AppealState.APPEAL_STATE_OPEN
                          || a.getState() == AppealState.APPEAL_STATE_UNDER_REVIEW)
              .sorted(java.util.Comparator.comparing(Appeal::getAppealId))
              .toList();
      observer.onNext(
          GetCreatorStandingResponse.newBuilder()
              .setStanding(
                  standing.toBuilder()
                      .addAllOpenAppeals(open)
                      .setAsOfTime(ProtoTime.of(Instant.now())))
              .build());
      observer.onCompleted();
    }

    @Override
    public void streamEnforcementEvents(
        StreamEnforcementEventsRequest request,
        StreamObserver<StreamEnforcementEventsResponse> observer) {
      streamRequests.add(request);
      if (PeerConditions.refuseWhile(down, "enforcement-service", observer)) {
        return;
      }
      Subscriber subscriber = new Subscriber(request, observer);
      synchronized (this) {
        long after =
            request.getStartFromNow()
                ? events.size()
                : request.getResumeToken().isEmpty() ? 0 : Long.parseLong(request.getResumeToken());
        events.stream()
            .filter(e -> e.getEnvelope().getSequence() > after)
            .forEach(e -> deliver(subscriber, e));
        subscribers.add(subscriber);
      }
      if (observer instanceof ServerCallStreamObserver<?> call) {
        call.setOnCancelHandler(() -> subscribers.remove(subscriber));
      }
    }

    private static void deliver(Subscriber s, EnforcementEvent event) {
      StreamEnforcementEventsRequest f = s.filter();
      boolean wanted =
          (f.getMarketsCount() == 0 || f.getMarketsList().contains(event.getMarket()))
              && (f.getCreatorIdsCount() == 0
                  || f.getCreatorIdsList().contains(event.getCreatorId()))
              && (f.getEventTypesCount() == 0
                  || f.getEventTypesList().contains(event.getEventType()));
      if (wanted) {
        s.observer().onNext(StreamEnforcementEventsResponse.newBuilder().setEvent(event).build());
      }
    }
  }
}
