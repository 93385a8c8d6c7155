package io.creatorgov.enforcement.grpc;

import io.creatorgov.common.v1.CreatorStatus;
import io.creatorgov.creator.v1.ApplyRestrictionRequest;
import io.creatorgov.creator.v1.ApplyRestrictionResponse;
import io.creatorgov.creator.v1.Creator;
import io.creatorgov.creator.v1.CreatorServiceGrpc;
import io.creatorgov.creator.v1.GetCreatorRequest;
import io.creatorgov.creator.v1.GetCreatorResponse;
import io.creatorgov.creator.v1.TransitionCreatorStatusRequest;
import io.creatorgov.creator.v1.TransitionCreatorStatusResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * creator-service, faked by a gRPC server inside the test JVM: GetCreator answers the creators the
 * test registered; ApplyRestriction and TransitionCreatorStatus record what they were asked,
 * deduplicated by request id as creator-service does; everything answers UNAVAILABLE while {@link
 * Creators#down} is set.
 */
public class FakeCreatorService implements QuarkusTestResourceLifecycleManager {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  /** The fake's state, shared with the test. */
  public static final class Creators extends CreatorServiceGrpc.CreatorServiceImplBase {
    private final Map<String, String> markets = new ConcurrentHashMap<>();
    public volatile boolean down;

    /** How long GetCreator takes to answer (0: at once); beyond the client's timeout it fails. */
    public volatile long getCreatorDelayMillis;

    /** While set, ApplyRestriction and TransitionCreatorStatus answer UNAVAILABLE (reads work). */
    public volatile boolean refuseDeliveries;

    /** Every apply call received, duplicates included: (action id, what). */
    public final List<String> calls = new CopyOnWriteArrayList<>();

    /** Request ids applied once each: what creator-service would hold. */
    public final Set<String> applied = ConcurrentHashMap.newKeySet();

    /**
     * When set, every call first asks it how many database transactions of the service are open
     * (sampled twice, 50 ms apart, while the caller waits for this answer) and counts the calls
     * that found one: a command that calls out with a transaction or row lock open shows up here.
     */
    public volatile java.util.function.IntSupplier openTransactions;

    public final java.util.concurrent.atomic.AtomicInteger callsWithATransactionOpen =
        new java.util.concurrent.atomic.AtomicInteger();

    private void probe() {
      java.util.function.IntSupplier p = openTransactions;
      if (p != null && p.getAsInt() > 0 && pause() && p.getAsInt() > 0) {
        callsWithATransactionOpen.incrementAndGet();
      }
    }

    private static boolean pause() {
      return sleep(50);
    }

    private static boolean sleep(long millis) {
      try {
        Thread.sleep(millis);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    public void register(String creatorId, String market) {
      markets.put(creatorId, market);
    }

    @Override
    public void getCreator(GetCreatorRequest request, StreamObserver<GetCreatorResponse> observer) {
      probe();
      if (getCreatorDelayMillis > 0 && !sleep(getCreatorDelayMillis)) {
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
      observer.onNext(
          GetCreatorResponse.newBuilder()
              .setCreator(
                  Creator.newBuilder()
                      .setCreatorId(request.getCreatorId())
                      .setMarket(market)
                      .setHandle("handle-" + request.getCreatorId())
                      .setStatus(CreatorStatus.CREATOR_STATUS_ACTIVE))
              .build());
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
        io.creatorgov.creator.v1.LiftRestrictionRequest request,
        StreamObserver<io.creatorgov.creator.v1.LiftRestrictionResponse> observer) {
      if (refuseWhileDown(observer) || refuseDelivery(observer)) {
        return;
      }
      calls.add(request.getEnforcementActionId() + " LIFT " + request.getAppealId());
      boolean first = applied.add(request.getRequestId());
      observer.onNext(
          io.creatorgov.creator.v1.LiftRestrictionResponse.newBuilder()
              .setLiftedCount(first ? 1 : 0)
              .build());
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
      if (refuseDeliveries) {
        observer.onError(
            Status.UNAVAILABLE.withDescription("creator-service down").asRuntimeException());
      }
      return refuseDeliveries;
    }

    private boolean refuseWhileDown(StreamObserver<?> observer) {
      if (down) {
        observer.onError(
            Status.UNAVAILABLE.withDescription("creator-service down").asRuntimeException());
      }
      return down;
    }

    private static RuntimeException notFound(String creatorId) {
      return io.grpc.protobuf.StatusProto.toStatusRuntimeException(
          com.google.rpc.Status.newBuilder()
              .setCode(Status.Code.NOT_FOUND.value())
              .setMessage("creator " + creatorId + " not found")
              .addDetails(
                  com.google.protobuf.Any.pack(
                      com.google.rpc.ErrorInfo.newBuilder()
                          .setReason("RESOURCE_NOT_FOUND")
                          .setDomain("creator.creatorgov.io")
                          .putMetadata("resource_type", "creator")
                          .putMetadata("resource_id", creatorId)
                          .build()))
              .build());
    }
  }

  private Server server;
  private final Creators creators = new Creators();

  @Override
  public Map<String, String> start() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(creators)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String port = Integer.toString(server.getPort());
    return Map.of(
        "quarkus.grpc.clients.creator.host", "127.0.0.1",
        "quarkus.grpc.clients.creator.port", port,
        "quarkus.grpc.clients.creator.test-port", port);
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        creators, new TestInjector.AnnotatedAndMatchesType(Inject.class, Creators.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
