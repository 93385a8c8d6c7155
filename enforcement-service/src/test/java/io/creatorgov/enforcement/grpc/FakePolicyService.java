package io.creatorgov.enforcement.grpc;

import io.creatorgov.enforcement.client.SeedPolicies;
import io.creatorgov.policy.v1.GetPolicyVersionRequest;
import io.creatorgov.policy.v1.GetPolicyVersionResponse;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.creatorgov.policy.v1.ResolvePolicyResponse;
import io.creatorgov.policy.v1.ResolvedPolicy;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * policy-service, faked by a gRPC server inside the test JVM: answers ResolvePolicy with the seed
 * policies of every market (deploy/seed/policies), or UNAVAILABLE while {@link Policies#down} is
 * set.
 */
public class FakePolicyService implements QuarkusTestResourceLifecycleManager {

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  /** The fake's state, shared with the test. */
  public static final class Policies extends PolicyServiceGrpc.PolicyServiceImplBase {
    private final Map<String, ResolvedPolicy> answers = new ConcurrentHashMap<>();
    private final Map<String, ResolvedPolicy> versions = new ConcurrentHashMap<>();
    public volatile boolean down;

    /** When above 0, every call answers only after this many milliseconds. */
    public volatile long delayMillis;

    public final AtomicInteger calls = new AtomicInteger();

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
      try {
        Thread.sleep(50);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    /** Takes {@code policyKey} out of {@code market} (no effective version); returns it. */
    public ResolvedPolicy remove(String policyKey, String market) {
      return answers.remove(policyKey + "|" + market);
    }

    public void put(ResolvedPolicy policy) {
      answers.put(policy.getPolicyKey() + "|" + policy.getMarket(), policy);
    }

    /**
     * Serves {@code policy} (any state, for example a DRAFT) to pinned reads of its version:
     * ResolvePolicy with {@code version} and GetPolicyVersion (whose base content is the content of
     * the last version put, for the hash).
     */
    public void putVersion(ResolvedPolicy policy) {
      versions.put(
          versionKey(policy.getPolicyKey(), policy.getMarket(), policy.getVersion()), policy);
      versions.put(versionKey(policy.getPolicyKey(), "", policy.getVersion()), policy);
    }

    private static String versionKey(String key, String market, int version) {
      return key + "|" + market + "|" + version;
    }

    /** A pinned version: one put with putVersion, or the current answer when it is that version. */
    private ResolvedPolicy pinned(String key, String market, int version) {
      ResolvedPolicy v = versions.get(versionKey(key, market, version));
      if (v != null) {
        return v;
      }
      ResolvedPolicy current =
          market.isEmpty()
              ? answers.values().stream()
                  .filter(a -> a.getPolicyKey().equals(key))
                  .findFirst()
                  .orElse(null)
              : answers.get(key + "|" + market);
      return current != null && current.getVersion() == version ? current : null;
    }

    private boolean unavailable(StreamObserver<?> observer) {
      long delay = delayMillis;
      if (delay > 0) {
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (down) {
        observer.onError(
            Status.UNAVAILABLE.withDescription("policy-service down").asRuntimeException());
        return true;
      }
      return false;
    }

    private static void notFound(StreamObserver<?> observer, String key, int version) {
      observer.onError(
          io.grpc.protobuf.StatusProto.toStatusRuntimeException(
              com.google.rpc.Status.newBuilder()
                  .setCode(Status.Code.NOT_FOUND.value())
                  .setMessage("no version " + version + " of " + key)
                  .addDetails(
                      com.google.protobuf.Any.pack(
                          com.google.rpc.ErrorInfo.newBuilder()
                              .setReason("RESOURCE_NOT_FOUND")
                              .setDomain("creatorgov.policy.v1")
                              .putMetadata("resource_type", "policy version")
                              .putMetadata("resource_id", key + "@" + version)
                              .build()))
                  .build()));
    }

    @Override
    public void getPolicyVersion(
        GetPolicyVersionRequest request, StreamObserver<GetPolicyVersionResponse> observer) {
      calls.incrementAndGet();
      probe();
      if (unavailable(observer)) {
        return;
      }
      ResolvedPolicy v = pinned(request.getPolicyKey(), "", request.getVersion());
      if (v == null) {
        notFound(observer, request.getPolicyKey(), request.getVersion());
        return;
      }
      observer.onNext(
          GetPolicyVersionResponse.newBuilder()
              .setPolicyVersion(
                  PolicyVersion.newBuilder()
                      .setPolicyKey(v.getPolicyKey())
                      .setVersion(v.getVersion())
                      .setKind(v.getKind())
                      .setState(v.getVersionState())
                      .setBaseContent(v.getContent()))
              .build());
      observer.onCompleted();
    }

    @Override
    public void resolvePolicy(
        ResolvePolicyRequest request, StreamObserver<ResolvePolicyResponse> observer) {
      calls.incrementAndGet();
      probe();
      if (unavailable(observer)) {
        return;
      }
      if (request.getVersion() > 0) {
        ResolvedPolicy pinned =
            pinned(request.getPolicyKey(), request.getMarket(), request.getVersion());
        if (pinned == null) {
          notFound(observer, request.getPolicyKey(), request.getVersion());
        } else {
          observer.onNext(ResolvePolicyResponse.newBuilder().setResolvedPolicy(pinned).build());
          observer.onCompleted();
        }
        return;
      }
      ResolvedPolicy answer = answers.get(request.getPolicyKey() + "|" + request.getMarket());
      if (answer == null) {
        // as policy-service answers: NOT_FOUND with ErrorInfo POLICY_NOT_EFFECTIVE
        observer.onError(
            io.grpc.protobuf.StatusProto.toStatusRuntimeException(
                com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.NOT_FOUND.value())
                    .setMessage("no effective version of " + request.getPolicyKey())
                    .addDetails(
                        com.google.protobuf.Any.pack(
                            com.google.rpc.ErrorInfo.newBuilder()
                                .setReason("POLICY_NOT_EFFECTIVE")
                                .setDomain("creatorgov.policy.v1")
                                .putMetadata("policy_key", request.getPolicyKey())
                                .putMetadata("market", request.getMarket())
                                .build()))
                    .build()));
        return;
      }
      observer.onNext(ResolvePolicyResponse.newBuilder().setResolvedPolicy(answer).build());
      observer.onCompleted();
    }
  }

  private Server server;
  private final Policies policies = new Policies();

  @Override
  public Map<String, String> start() {
    SeedPolicies.all().forEach(policies::put);
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(policies)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String port = Integer.toString(server.getPort());
    return Map.of(
        "quarkus.grpc.clients.policy.host", "127.0.0.1",
        "quarkus.grpc.clients.policy.port", port,
        "quarkus.grpc.clients.policy.test-port", port);
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        policies, new TestInjector.AnnotatedAndMatchesType(Inject.class, Policies.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }
}
