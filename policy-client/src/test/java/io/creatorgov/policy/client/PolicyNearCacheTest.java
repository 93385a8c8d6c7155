package io.creatorgov.policy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.creatorgov.kit.testing.MutableClock;
import io.creatorgov.policy.v1.ResolvedPolicy;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolicyNearCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
  private final AtomicInteger calls = new AtomicInteger();
  private int version = 1;
  private Instant nextChange;
  private RuntimeException failure;

  private final PolicyNearCache cache =
      new PolicyNearCache(
          (key, market) -> {
            calls.incrementAndGet();
            if (failure != null) {
              return Uni.createFrom().failure(failure);
            }
            ResolvedPolicy.Builder r =
                ResolvedPolicy.newBuilder().setPolicyKey(key).setMarket(market).setVersion(version);
            if (nextChange != null) {
              r.setNextChangeTime(Timestamp.newBuilder().setSeconds(nextChange.getEpochSecond()));
            }
            return Uni.createFrom().item(r.build());
          },
          clock,
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          1000);

  private int resolve(String key, String market) {
    return cache.resolve(key, market).await().indefinitely().getVersion();
  }

  @Test
  void freshAnswersComeFromTheCache() {
    assertThat(resolve("commission.caps", "VN")).isEqualTo(1);
    assertThat(resolve("commission.caps", "VN")).isEqualTo(1);

    assertThat(calls).hasValue(1);
  }

  @Test
  void answersExpireAfterMaxAge() {
    resolve("commission.caps", "VN");
    version = 2;
    clock.advance(Duration.ofMinutes(6));

    assertThat(resolve("commission.caps", "VN")).isEqualTo(2);
  }

  @Test
  void aScheduledVersionIsPickedUpAtItsNextChangeTime() {
    nextChange = clock.instant().plusSeconds(30);
    resolve("commission.caps", "VN");
    version = 2;
    nextChange = null;

    clock.advance(Duration.ofSeconds(29));
    assertThat(resolve("commission.caps", "VN")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(resolve("commission.caps", "VN")).isEqualTo(2);
  }

  @Test
  void invalidatingAPolicyDropsEveryMarketOfItAndNothingElse() {
    resolve("commission.caps", "VN");
    resolve("commission.caps", "ID");
    resolve("creator.tiers", "VN");
    version = 2;

    cache.invalidate("commission.caps");

    assertThat(resolve("commission.caps", "VN")).isEqualTo(2);
    assertThat(resolve("commission.caps", "ID")).isEqualTo(2);
    assertThat(resolve("creator.tiers", "VN")).isEqualTo(1);
  }

  @Test
  void anExpiredAnswerStandsInWhilePolicyServiceIsDownButNotForever() {
    resolve("commission.caps", "VN");
    failure = new IllegalStateException("UNAVAILABLE");
    clock.advance(Duration.ofMinutes(10));

    assertThat(resolve("commission.caps", "VN")).isEqualTo(1);
    clock.advance(Duration.ofMinutes(30));
    assertThatThrownBy(() -> resolve("commission.caps", "VN")).hasMessage("UNAVAILABLE");
  }

  @Test
  void withNothingCachedAFailurePropagatesSoCallersFailClosed() {
    failure = new IllegalStateException("UNAVAILABLE");

    assertThatThrownBy(() -> resolve("commission.caps", "KR")).hasMessage("UNAVAILABLE");
  }

  @Test
  void concurrentMissesShareOneCall() {
    List<UniEmitter<? super ResolvedPolicy>> pending = new ArrayList<>();
    PolicyNearCache slow =
        new PolicyNearCache(
            (key, market) -> {
              calls.incrementAndGet();
              return Uni.createFrom().emitter(pending::add);
            },
            clock,
            Duration.ofMinutes(5),
            Duration.ZERO,
            10);
    List<Integer> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      slow.resolve("commission.caps", "TH").subscribe().with(r -> results.add(r.getVersion()));
    }

    pending.forEach(e -> e.complete(ResolvedPolicy.newBuilder().setVersion(7).build()));

    assertThat(calls).hasValue(1);
    assertThat(results).hasSize(10).containsOnly(7);
  }

  @Test
  void anAnnouncementInvalidatesThePolicysEntries() {
    resolve("commission.caps", "VN");
    version = 2;
    assertThat(resolve("commission.caps", "VN")).isEqualTo(1);

    cache.invalidate("commission.caps"); // what RedisPolicyInvalidations does with a message

    assertThat(resolve("commission.caps", "VN")).isEqualTo(2);
  }

  @Test
  void anAnswerServedFromAnExpiredEntryDuringAnOutageSaysItIsStale() {
    assertThat(cache.answer("commission.caps", "VN").await().indefinitely().stale()).isFalse();
    failure = new IllegalStateException("UNAVAILABLE");
    clock.advance(Duration.ofMinutes(10));

    PolicyNearCache.Answer during = cache.answer("commission.caps", "VN").await().indefinitely();

    assertThat(during.stale()).isTrue();
    assertThat(during.policy().getVersion()).isEqualTo(1);
  }

  @Test
  void aSilentChannelExpiresEntriesButKeepsThemForAnOutage() {
    resolve("commission.caps", "VN");
    version = 2;

    cache.markAllStale(); // what a re-subscription after a silent heartbeat does

    assertThat(cache.isFresh("commission.caps", "VN")).isFalse();
    assertThat(resolve("commission.caps", "VN")).as("policy-service up: asked again").isEqualTo(2);
    cache.markAllStale();
    failure = new IllegalStateException("UNAVAILABLE");
    PolicyNearCache.Answer down = cache.answer("commission.caps", "VN").await().indefinitely();
    assertThat(down.stale()).as("policy-service down: the entry still serves").isTrue();
    assertThat(down.policy().getVersion()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(31));
    assertThatThrownBy(() -> resolve("commission.caps", "VN")).hasMessage("UNAVAILABLE");
  }

  @Test
  void aFetchSupersededByAnInvalidationIsAnsweredButNeverStored() {
    List<UniEmitter<? super ResolvedPolicy>> pending = new ArrayList<>();
    PolicyNearCache slow =
        new PolicyNearCache(
            (key, market) -> Uni.createFrom().emitter(pending::add),
            clock,
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            10);
    List<Integer> answered = new ArrayList<>();
    slow.resolve("commission.caps", "TH").subscribe().with(r -> answered.add(r.getVersion()));

    slow.invalidate("commission.caps"); // version 2 was announced while version 1 was in flight
    pending.get(0).complete(ResolvedPolicy.newBuilder().setVersion(1).build());

    assertThat(answered).containsExactly(1);
    assertThat(slow.peek("commission.caps", "TH"))
        .as("the superseded answer is not kept")
        .isEmpty();
  }
}
