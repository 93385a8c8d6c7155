package io.creatorgov.kit.testing.peers;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.ApplyRestrictionResponse;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.GetCreatorResponse;
import io.creatorgov.creator.v1.LiftRestrictionRequest;
import io.creatorgov.creator.v1.LiftRestrictionResponse;
import io.creatorgov.creator.v1.ListStatusHistoryRequest;
import io.creatorgov.creator.v1.ListStatusHistoryResponse;
import io.creatorgov.creator.v1.StatusHistoryEntry;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.creator.v1.TransitionCreatorStatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
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
 * id as creator-service does; everything answers UNAVAILABLE while {@link Creators#down} is set.
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
