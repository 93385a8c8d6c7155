package io.creatorgov.kit.testing.peers;

import io.creatorgov.kit.testing.conformance.ErrorConformance.Call;
import io.creatorgov.policy.v1.GetPolicyVersionRequest;
import io.creatorgov.policy.v1.GetPolicyVersionResponse;
import io.creatorgov.policy.v1.PolicyServiceGrpc;
import io.creatorgov.policy.v1.PolicyVersion;
import io.creatorgov.policy.v1.ResolvePolicyRequest;
import io.creatorgov.policy.v1.ResolvePolicyResponse;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * policy-service, faked: ResolvePolicy answers the policies the test (or the subclass's seed) put,
 * by market, or pinned to a version; GetPolicyVersion answers versions; everything answers
 * UNAVAILABLE while {@link Policies#down} is set. A service's tests subclass it with the policies
 * every test expects, and use the subclass in {@code @QuarkusTestResource}.
 */
public abstract class PolicyServiceFake extends FakePeer<PolicyServiceFake.Policies> {
  private static final String DOMAIN = "creatorgov.policy.v1";
  private final Supplier<? extends Collection<ResolvedPolicy>> seeds;

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  protected PolicyServiceFake(Supplier<? extends Collection<ResolvedPolicy>> seeds) {
    super("policy", new Policies(), Inject.class);
    this.seeds = seeds;
  }

  @Override
  protected void seed() {
    seeds.get().forEach(state()::put);
  }

  /** The fake's state, shared with the test. */
  public static final class Policies extends PolicyServiceGrpc.PolicyServiceImplBase {
    private final Map<String, ResolvedPolicy> answers = new ConcurrentHashMap<>();
    private final Map<String, ResolvedPolicy> versions = new ConcurrentHashMap<>();
    public volatile boolean down;

    /** When above 0, every call answers only after this many milliseconds. */
    public volatile long delayMillis;

    public final AtomicInteger calls = new AtomicInteger();

    /** See {@link PeerConditions#probe}. */
    public volatile IntSupplier openTransactions;

    public final AtomicInteger callsWithATransactionOpen = new AtomicInteger();

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

    /**
     * Runs {@code call} while {@code market} has no effective version of {@code policyKey}; {@code
     * forget} empties the service's near cache before and after, so the call asks.
     */
    public void withoutPolicy(String policyKey, String market, Runnable forget, Call call)
        throws Exception {
      ResolvedPolicy removed = remove(policyKey, market);
      forget.run();
      try {
        call.run();
      } finally {
        put(removed);
        forget.run();
      }
    }

    /**
     * Runs {@code call} while policy-service is down and nothing is cached ({@code forget} empties
     * the service's near cache first); {@code recovered} runs after it, for example to close the
     * circuit breakers the outage opened, as they would close once their delay has passed.
     */
    public void whileDown(Runnable forget, Runnable recovered, Call call) throws Exception {
      forget.run();
      down = true;
      try {
        call.run();
      } finally {
        down = false;
        recovered.run();
      }
    }

    /** Counts and probes the call, waits {@link #delayMillis}, refuses while down. */
    private boolean refused(StreamObserver<?> observer) {
      calls.incrementAndGet();
      PeerConditions.probe(openTransactions, callsWithATransactionOpen);
      return !PeerConditions.sleep(delayMillis)
          || PeerConditions.refuseWhile(down, "policy-service", observer);
    }

    private static RuntimeException noVersion(String key, int version) {
      return PeerConditions.refusal(
          Status.Code.NOT_FOUND,
          "no version " + version + " of " + key,
          "RESOURCE_NOT_FOUND",
          DOMAIN,
          Map.of("resource_type", "policy version", "resource_id", key + "@" + version));
    }

    @Override
    public void getPolicyVersion(
        GetPolicyVersionRequest request, StreamObserver<GetPolicyVersionResponse> observer) {
      if (refused(observer)) {
        return;
      }
      ResolvedPolicy v = pinned(request.getPolicyKey(), "", request.getVersion());
      if (v == null) {
        observer.onError(noVersion(request.getPolicyKey(), request.getVersion()));
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
      if (refused(observer)) {
        return;
      }
      String key = request.getPolicyKey();
      ResolvedPolicy answer =
          request.getVersion() > 0
              ? pinned(key, request.getMarket(), request.getVersion())
              : answers.get(key + "|" + request.getMarket());
      if (answer == null) {
        observer.onError(
            request.getVersion() > 0
                ? noVersion(key, request.getVersion())
                // as policy-service answers: NOT_FOUND with ErrorInfo POLICY_NOT_EFFECTIVE
                : PeerConditions.refusal(
                    Status.Code.NOT_FOUND,
                    "no effective version of " + key,
                    "POLICY_NOT_EFFECTIVE",
                    DOMAIN,
                    Map.of("policy_key", key, "market", request.getMarket())));
        return;
      }
      observer.onNext(ResolvePolicyResponse.newBuilder().setResolvedPolicy(answer).build());
      observer.onCompleted();
    }
  }
}
