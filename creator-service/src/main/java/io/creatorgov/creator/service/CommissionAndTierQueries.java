package io.creatorgov.creator.service;

import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.creator.repository.CommissionChangeEntity;
import io.creatorgov.creator.repository.CommissionRepositories;
import io.creatorgov.creator.repository.CreatorEntity;
import io.creatorgov.creator.repository.CreatorRepository;
import io.creatorgov.creator.repository.RestrictionEntity;
import io.creatorgov.creator.repository.RestrictionRepository;
import io.creatorgov.creator.repository.TierAssessmentEntity;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads of commission terms, commission changes and tiers, each in a session of its own. */
@ApplicationScoped
public class CommissionAndTierQueries {

  /**
   * A creator's tier with a page of its assessments (newest first).
   *
   * @param current the assessment that set the current tier; null when none did
   */
  public record TierView(
      CreatorTier tier, Page<TierAssessmentEntity> history, TierAssessmentEntity current) {}

  /** A page of tier assessments asked for, after the cursor {@code before}. */
  private record TierPage(boolean changesOnly, String before, int size, String query) {}

  private final CreatorRepository creators;
  private final RestrictionRepository restrictions;
  private final CommissionRepositories.Rates rates;
  private final CommissionRepositories.Changes changes;
  private final CommissionRepositories.Assessments assessments;
  private final PageTokens pageTokens;

  public CommissionAndTierQueries(
      CreatorRepository creators,
      RestrictionRepository restrictions,
      CommissionRepositories.Rates rates,
      CommissionRepositories.Changes changes,
      CommissionRepositories.Assessments assessments,
      PageTokens pageTokens) {
    this.creators = creators;
    this.restrictions = restrictions;
    this.rates = rates;
    this.changes = changes;
    this.assessments = assessments;
    this.pageTokens = pageTokens;
  }

  /** GetCommissionTerms. */
  public Uni<TermsView> terms(CallerIdentity caller, String creatorId) {
    Inputs.requireCreatorId(creatorId);
    return Panache.withSession(
        () -> creators.readableBy(caller, creatorId, Inputs.TERMS_READERS).chain(this::termsOf));
  }

  private Uni<TermsView> termsOf(CreatorEntity c) {
    return restrictions.active(c.creatorId).chain(active -> terms(c, active));
  }

  /** The creator's terms, given its active restrictions (in the caller's session). */
  Uni<TermsView> terms(CreatorEntity c, List<RestrictionEntity> active) {
    List<RestrictionEntity> freezes = TermsView.frozenBy(active);
    return rates.ofCreator(c.creatorId).map(list -> new TermsView(c, list, freezes));
  }

  /** ListCommissionChanges: oldest first, optionally of one category. */
  public Uni<Page<CommissionChangeEntity>> changes(
      CallerIdentity caller, String creatorId, String category, int pageSize, String pageToken) {
    Inputs.requireCreatorId(creatorId);
    int size = PageSize.resolve(pageSize);
    String query = "commission|" + creatorId + "|" + category;
    String after = pageTokens.decode(pageToken, query);
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, creatorId, Inputs.READERS)
                .chain(
                    c ->
                        changes.page(
                            c.creatorId,
                            category.isEmpty() ? null : category,
                            after == null ? "" : after,
                            size + 1))
                .map(rows -> changesPage(rows, size, query)));
  }

  private Page<CommissionChangeEntity> changesPage(
      List<CommissionChangeEntity> rows, int size, String query) {
    return Page.of(rows, size, last -> pageTokens.encode(query, last.changeId));
  }

  /** GetTier: the tier, the assessment that set it, and a page of assessments. */
  public Uni<TierView> tier(
      CallerIdentity caller,
      String creatorId,
      boolean changesOnly,
      int pageSize,
      String pageToken) {
    Inputs.requireCreatorId(creatorId);
    int size = PageSize.resolve(pageSize);
    String query = "tiers|" + creatorId + "|" + changesOnly;
    String before = pageTokens.decode(pageToken, query);
    TierPage wanted = new TierPage(changesOnly, before == null ? "~" : before, size, query);
    return Panache.withSession(
        () ->
            creators
                .readableBy(caller, creatorId, Inputs.TERMS_READERS)
                .chain(c -> tierOf(c, wanted)));
  }

  private Uni<TierView> tierOf(CreatorEntity c, TierPage wanted) {
    return assessments.latestChange(c.creatorId).chain(current -> historyPage(c, current, wanted));
  }

  private Uni<TierView> historyPage(
      CreatorEntity c, TierAssessmentEntity current, TierPage wanted) {
    return assessments
        .page(c.creatorId, wanted.changesOnly(), wanted.before(), wanted.size() + 1)
        .map(rows -> new TierView(c.tier, page(rows, wanted), current));
  }

  private Page<TierAssessmentEntity> page(List<TierAssessmentEntity> rows, TierPage wanted) {
    return Page.of(
        rows, wanted.size(), last -> pageTokens.encode(wanted.query(), last.assessmentId));
  }
}
