package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.Capability;
import io.creatorgov.creator.domain.CapabilityDecision;
import io.creatorgov.creator.domain.CapabilityEvaluator;
import io.creatorgov.creator.domain.CapabilityInputs;
import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.domain.OnboardingItemKind;
import io.creatorgov.creator.domain.RestrictionState;
import io.creatorgov.creator.domain.RestrictionType;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.OnboardingSubmissionEntity;
import io.creatorgov.creator.repository.OnboardingSubmissionRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.repository.StatusHistoryEntity;
import io.creatorgov.creator.repository.StatusHistoryRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import io.creatorgov.kit.market.MarketRegistry;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creator reads, including the CheckCapability hot path. */
@ApplicationScoped
public class CreatorQueries {

  /** ListCreators' filters (empty or null: any) and page. */
  public record CreatorFilter(
      String market,
      CreatorStatus status,
      CreatorTier tier,
      String category,
      String handle,
      int pageSize,
      String pageToken) {}

  /**
   * ListRestrictions' filters (empty or null: any) and page; a null among {@code types} is a type
   * the caller named but the service does not know (refused).
   */
  public record RestrictionFilter(
      String creatorId,
      RestrictionState state,
      List<RestrictionType> types,
      String enforcementActionId,
      int pageSize,
      String pageToken) {}

  /** One capability check of a batch ({@code capability} null: none given). */
  public record CapabilityQuery(String creatorId, Capability capability) {}

  /** A check's decision, or why it could not be decided (then {@code decision} is null). */
  public record CapabilityOutcome(
      CapabilityQuery check, CapabilityDecision decision, Throwable failure) {}

  /** A batch's outcomes, in the order of its checks, all decided as of {@code evaluatedAt}. */
  public record BatchOutcome(List<CapabilityOutcome> outcomes, Instant evaluatedAt) {}

  /** What a capability decision needs from the database. */
  private record CapabilityRows(
      CreatorEntity creator,
      List<OnboardingSubmissionEntity> submitted,
      List<RestrictionEntity> active) {}

  /** A listing's position: after (or before) {@code time} and {@code id}. */
  private record Cursor(OffsetDateTime time, String id) {
    static Cursor parse(String cursor) {
      if (cursor == null) {
        return new Cursor(null, null);
      }
      int bar = cursor.indexOf('|');
      return new Cursor(OffsetDateTime.parse(cursor.substring(0, bar)), cursor.substring(bar + 1));
    }
  }

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final StatusHistoryRepository history;
  private final OnboardingSubmissionRepository submissions;
  private final Onboarding onboarding;
  private final CapabilityCache cache;
  private final MarketRegistry markets;
  private final PageTokens pageTokens;
  private final Duration cacheMaxAge;

  public CreatorQueries(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      StatusHistoryRepository history,
      OnboardingSubmissionRepository submissions,
      Onboarding onboarding,
      CapabilityCache cache,
      MarketRegistry markets,
      PageTokens pageTokens,
      @ConfigProperty(name = "creatorgov.capability.cache-max-age", defaultValue = "2s")
          Duration cacheMaxAge) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.history = history;
    this.submissions = submissions;
    this.onboarding = onboarding;
    this.cache = cache;
    this.markets = markets;
    this.pageTokens = pageTokens;
    this.cacheMaxAge = cacheMaxAge;
  }

  // ---- GetCreator, ListCreators -----------------------------------------------------------------

  public Uni<CreatorView> get(CallerIdentity caller, String creatorId) {
    Inputs.requireCreatorId(creatorId);
    return Panache.withSession(
        () -> creators.readableBy(caller, creatorId, Inputs.READERS).chain(this::withRestrictions));
  }

  private Uni<CreatorView> withRestrictions(CreatorEntity c) {
    return restrictions
        .active(c.creatorId)
        .map(active -> new CreatorView(c, active, Instant.now()));
  }

  /** ListCreators: creators (without their restrictions) in the caller's markets. */
  public Uni<Page<CreatorEntity>> list(CallerIdentity caller, CreatorFilter filter) {
    checkFilter(filter);
    Set<String> inMarkets;
    if (!filter.market().isEmpty()) {
      caller.requireMarket(filter.market());
      inMarkets = Set.of(filter.market());
    } else {
      inMarkets = caller.marketScope(); // a scoped caller sees its markets only
    }
    int size = PageSize.resolve(filter.pageSize());
    String query =
        String.join(
            "|",
            "creators",
            filter.market(),
            // as page tokens issued before have bound them (the contract's enum names)
            "CREATOR_STATUS_" + (filter.status() == null ? "UNSPECIFIED" : filter.status().name()),
            "CREATOR_TIER_" + (filter.tier() == null ? "UNSPECIFIED" : filter.tier().name()),
            filter.category(),
            filter.handle());
    Cursor after = Cursor.parse(pageTokens.decode(filter.pageToken(), query));
    return Panache.withSession(() -> page(filter, inMarkets, after, size + 1))
        .map(rows -> Page.of(rows, size, last -> creatorToken(query, last)));
  }

  private void checkFilter(CreatorFilter filter) {
    Violations v = new Violations();
    if (!filter.market().isEmpty()) {
      markets.check(filter.market(), "market").ifPresent(v::add);
    }
    v.require(
        !filter.category().isEmpty() && !Inputs.CATEGORY.matcher(filter.category()).matches(),
        "category",
        "must be a category slug like 'beauty'");
    v.throwIfAny();
  }

  private Uni<List<CreatorEntity>> page(
      CreatorFilter filter, Set<String> inMarkets, Cursor after, int limit) {
    return creators.page(
        inMarkets,
        filter.status(),
        filter.tier(),
        filter.category().isEmpty() ? null : filter.category(),
        filter.handle().isEmpty() ? null : filter.handle(),
        after.time(),
        after.id(),
        limit);
  }

  private String creatorToken(String query, CreatorEntity last) {
    return pageTokens.encode(query, last.createTime + "|" + last.creatorId);
  }

  // ---- ListStatusHistory, ListRestrictions ------------------------------------------------------

  /** ListStatusHistory: oldest first. */
  public Uni<Page<StatusHistoryEntity>> history(
      CallerIdentity caller, String creatorId, int pageSize, String pageToken) {
    Inputs.requireCreatorId(creatorId);
    int size = PageSize.resolve(pageSize);
    String query = "history|" + creatorId;
    String after = pageTokens.decode(pageToken, query);
    long afterSequence = after == null ? 0 : Long.parseLong(after);
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, creatorId, Inputs.READERS)
                .chain(c -> history.page(c.creatorId, afterSequence, size + 1))
                .map(rows -> historyPage(rows, size, query)));
  }

  private Page<StatusHistoryEntity> historyPage(
      List<StatusHistoryEntity> rows, int size, String query) {
    return Page.of(rows, size, last -> pageTokens.encode(query, Long.toString(last.sequence)));
  }

  /** ListRestrictions: newest first. */
  public Uni<Page<RestrictionEntity>> restrictions(
      CallerIdentity caller, RestrictionFilter filter) {
    Inputs.requireCreatorId(filter.creatorId());
    checkFilter(filter);
    int size = PageSize.resolve(filter.pageSize());
    // as page tokens issued before have bound the filter (the contract's enum names)
    String query =
        "restrictions|"
            + filter.creatorId()
            + "|RESTRICTION_STATE_"
            + (filter.state() == null ? "UNSPECIFIED" : filter.state().name())
            + "|"
            + filter.types().stream().map(t -> "RESTRICTION_TYPE_" + t).toList()
            + "|"
            + filter.enforcementActionId();
    Cursor before = Cursor.parse(pageTokens.decode(filter.pageToken(), query));
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, filter.creatorId(), Inputs.READERS)
                .chain(c -> page(c, filter, before, size + 1))
                .map(rows -> restrictionPage(rows, size, query)));
  }

  private static void checkFilter(RestrictionFilter filter) {
    Violations v = new Violations();
    for (int i = 0; i < filter.types().size(); i++) {
      v.require(filter.types().get(i) == null, "types[" + i + "]", "must be a restriction type");
    }
    v.throwIfAny();
  }

  private Uni<List<RestrictionEntity>> page(
      CreatorEntity c, RestrictionFilter filter, Cursor before, int limit) {
    return restrictions.page(
        c.creatorId,
        filter.state(),
        filter.types(),
        filter.enforcementActionId().isEmpty() ? null : filter.enforcementActionId(),
        before.time(),
        before.id(),
        limit);
  }

  private Page<RestrictionEntity> restrictionPage(
      List<RestrictionEntity> rows, int size, String query) {
    return Page.of(
        rows, size, last -> pageTokens.encode(query, last.startTime + "|" + last.restrictionId));
  }

  // ---- GetOnboardingChecklist -------------------------------------------------------------------

  public Uni<Onboarding.ChecklistView> checklist(CallerIdentity caller, String creatorId) {
    Inputs.requireCreatorId(creatorId);
    // 1. the database, in a session of its own; 2. the policies, after it closed
    return Panache.withSession(() -> loadSubmissions(caller, creatorId))
        .chain(this::evaluateChecklist);
  }

  private Uni<SubmittedBy> loadSubmissions(CallerIdentity caller, String creatorId) {
    return creators.readableBy(caller, creatorId, Inputs.READERS).chain(this::submittedBy);
  }

  private Uni<SubmittedBy> submittedBy(CreatorEntity c) {
    return submissions.ofCreator(c.creatorId).map(all -> new SubmittedBy(c, all));
  }

  /** A creator and its submissions, before the checklist is evaluated. */
  private record SubmittedBy(CreatorEntity creator, List<OnboardingSubmissionEntity> submitted) {}

  private Uni<Onboarding.ChecklistView> evaluateChecklist(SubmittedBy loaded) {
    return onboarding
        .requirements(loaded.creator().market)
        .map(requirements -> onboarding.view(loaded.creator(), loaded.submitted(), requirements));
  }

  // ---- CheckCapability, BatchCheckCapability ----------------------------------------------------

  public Uni<CapabilityDecision> check(
      CallerIdentity caller, String creatorId, Capability capability) {
    Inputs.requireCreatorId(creatorId);
    requireCapability(capability, "capability");
    return decide(caller, creatorId, capability, Instant.now());
  }

  /** Every check decided in order, as of one instant; a failed check does not fail the batch. */
  public Uni<BatchOutcome> batch(CallerIdentity caller, List<CapabilityQuery> checks) {
    checkBatch(checks);
    Instant now = Instant.now();
    List<CapabilityOutcome> outcomes = new ArrayList<>();
    return CommandSteps.each(checks, check -> outcome(caller, check, now).invoke(outcomes::add))
        .map(ignored -> new BatchOutcome(outcomes, now));
  }

  private static void checkBatch(List<CapabilityQuery> checks) {
    Violations v = new Violations();
    v.require(checks.isEmpty(), "checks", "give 1-500 checks");
    v.require(checks.size() > 500, "checks", "at most 500 checks");
    for (int i = 0; i < checks.size(); i++) {
      v.require(checks.get(i).creatorId().isEmpty(), "checks[" + i + "].creator_id", "required");
      v.require(checks.get(i).capability() == null, "checks[" + i + "].capability", "required");
    }
    v.throwIfAny();
  }

  private Uni<CapabilityOutcome> outcome(
      CallerIdentity caller, CapabilityQuery check, Instant now) {
    return decide(caller, check.creatorId(), check.capability(), now)
        .map(decision -> new CapabilityOutcome(check, decision, null))
        .onFailure()
        .recoverWithItem(failure -> new CapabilityOutcome(check, null, failure));
  }

  private Uni<CapabilityDecision> decide(
      CallerIdentity caller, String creatorId, Capability capability, Instant now) {
    return cache
        .inputs(creatorId, () -> loadInputs(creatorId))
        .map(inputs -> decideFor(caller, creatorId, inputs, capability, now));
  }

  /** Decide: the caller may ask about this creator; the decision may be cached until it changes. */
  private CapabilityDecision decideFor(
      CallerIdentity caller,
      String creatorId,
      CapabilityInputs inputs,
      Capability capability,
      Instant now) {
    caller.requireMarket(inputs.market());
    caller.requireSelfOrAnyRole(creatorId, Inputs.READERS);
    CapabilityDecision d = CapabilityEvaluator.decide(inputs, capability, now);
    Duration maxAge = cacheMaxAge;
    if (d.expireTime() != null) {
      Duration untilChange = Duration.between(now, d.expireTime());
      if (untilChange.compareTo(maxAge) < 0) {
        maxAge = untilChange.isNegative() ? Duration.ZERO : untilChange;
      }
    }
    return d.withCacheMaxAge(maxAge);
  }

  /** What a capability decision needs: the database in a session, then (rarely) a policy. */
  private Uni<CapabilityInputs> loadInputs(String creatorId) {
    return Panache.withSession(() -> loadRows(creatorId))
        .chain(rows -> missingOnboarding(rows).map(missing -> toInputs(rows, missing)));
  }

  private Uni<CapabilityRows> loadRows(String creatorId) {
    return creators
        .findById(creatorId)
        .invoke(c -> requireFound(c, creatorId))
        .chain(this::submittedBy)
        .chain(this::capabilityRows);
  }

  private Uni<CapabilityRows> capabilityRows(SubmittedBy s) {
    return restrictions
        .active(s.creator().creatorId)
        .map(active -> new CapabilityRows(s.creator(), s.submitted(), active));
  }

  private static void requireFound(CreatorEntity c, String creatorId) {
    if (c == null) {
      throw ApiException.notFound("creator", creatorId);
    }
  }

  /**
   * The onboarding items still missing, only for a creator not yet activated. The hot path never
   * fails on policy-service: an APPLIED creator is denied by its status anyway; only the onboarding
   * detail is left out.
   */
  private Uni<List<OnboardingItemKind>> missingOnboarding(CapabilityRows rows) {
    CreatorEntity c = rows.creator();
    if (c.activated || c.status != CreatorStatus.APPLIED) {
      return Uni.createFrom().item(List.of());
    }
    return onboarding
        .requirements(c.market)
        .map(requirements -> onboarding.checklist(rows.submitted(), requirements).missingKinds())
        .onFailure()
        .recoverWithItem(List.of());
  }

  private static CapabilityInputs toInputs(CapabilityRows rows, List<OnboardingItemKind> missing) {
    CreatorEntity c = rows.creator();
    return new CapabilityInputs(
        c.creatorId,
        c.market,
        c.status,
        c.suspensionEndTime == null ? null : c.suspensionEndTime.toInstant(),
        CreatorMapper.lifecycle(c, 0).statusEnforcementActionId(),
        missing,
        rows.active().stream().map(CreatorMapper::toActive).toList());
  }

  static void requireCapability(Capability capability, String field) {
    if (capability == null) {
      throw ApiException.invalid(field, "required: a capability");
    }
  }
}
