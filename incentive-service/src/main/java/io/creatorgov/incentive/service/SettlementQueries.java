package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.PayoutKind;
import io.creatorgov.incentive.domain.PayoutRule;
import io.creatorgov.incentive.domain.PayoutState;
import io.creatorgov.incentive.domain.TransferState;
import io.creatorgov.incentive.repository.PayoutEntity;
import io.creatorgov.incentive.repository.PayoutLineEntity;
import io.creatorgov.incentive.repository.PayoutRepository;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.incentive.repository.SettlementEntity;
import io.creatorgov.incentive.repository.SettlementRepository;
import io.creatorgov.incentive.service.PayoutViews.Payout;
import io.creatorgov.incentive.service.PayoutViews.Settlement;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** GetSettlement, GetPayout and ListPayouts: read-only, one short session each. */
@ApplicationScoped
public class SettlementQueries {

  /** ListPayouts' input; null enums match any. */
  public record ListPayouts(
      String programId,
      String creatorId,
      String market,
      PayoutRule rule,
      PayoutKind kind,
      PayoutState state,
      TransferState transferState,
      int pageSize,
      String pageToken) {}

  private record Listing(
      PayoutRepository.Filter filter, String query, PageCursor cursor, int size) {}

  private final SettlementRepository settlements;
  private final PayoutRepository payouts;
  private final ProgramRepository programs;
  private final ProgramInputs inputs;
  private final PageTokens pageTokens;

  public SettlementQueries(
      SettlementRepository settlements,
      PayoutRepository payouts,
      ProgramRepository programs,
      ProgramInputs inputs,
      PageTokens pageTokens) {
    this.settlements = settlements;
    this.payouts = payouts;
    this.programs = programs;
    this.inputs = inputs;
    this.pageTokens = pageTokens;
  }

  // ---- GetSettlement ------------------------------------------------------------------------

  public Uni<Settlement> settlement(CallerIdentity caller, String settlementId) {
    return Panache.withSession(
        () -> settlements.existing(settlementId).chain(s -> readable(caller, s)));
  }

  private Uni<Settlement> readable(CallerIdentity caller, SettlementEntity s) {
    return programs
        .readableBy(caller, s.programId, false)
        .map(p -> PayoutViews.settlement(s, currency(p)));
  }

  // ---- GetPayout ----------------------------------------------------------------------------

  public Uni<Payout> payout(CallerIdentity caller, String payoutId) {
    return Panache.withSession(() -> payouts.existing(payoutId).chain(p -> withLines(caller, p)));
  }

  private Uni<Payout> withLines(CallerIdentity caller, PayoutEntity p) {
    caller.requireMarket(p.market);
    caller.requireSelfOrAnyRole(p.creatorId, EnrollmentRules.READERS);
    return programs
        .findById(p.programId)
        .chain(
            program ->
                payouts
                    .linesOf(List.of(p.payoutId))
                    .map(lines -> PayoutViews.payout(p, lines, currency(program))));
  }

  // ---- ListPayouts --------------------------------------------------------------------------

  public Uni<Page<Payout>> list(CallerIdentity caller, ListPayouts q) {
    Listing listing = listing(caller, q);
    return Panache.withSession(() -> programFilter(caller, q).chain(() -> page(listing)));
  }

  /**
   * A creator sees only their own payouts (the creator filter defaults to them); a market filter
   * must be a configured market in the caller's scope; without one, the caller's markets.
   */
  private Listing listing(CallerIdentity caller, ListPayouts q) {
    int size = PageSize.resolve(q.pageSize());
    boolean ownOnly = !caller.hasAnyRole(EnrollmentRules.READERS) && caller.hasRole(Role.CREATOR);
    String creatorId = ownOnly && q.creatorId().isEmpty() ? caller.subject() : q.creatorId();
    if (ownOnly) {
      caller.requireSelfOrAnyRole(creatorId, EnrollmentRules.READERS);
    }
    List<String> markets;
    if (q.market().isEmpty()) {
      markets = List.copyOf(new TreeSet<>(caller.marketScope()));
    } else {
      inputs.requireKnownMarket(q.market(), "market");
      caller.requireMarket(q.market());
      markets = List.of(q.market());
    }
    String query =
        "payouts|program="
            + q.programId()
            + "|creator="
            + creatorId
            + "|markets="
            + String.join(",", markets)
            + "|rule="
            + q.rule()
            + "|kind="
            + q.kind()
            + "|state="
            + q.state()
            + "|transfer="
            + q.transferState();
    PageCursor cursor = PageCursor.parse(pageTokens.decode(q.pageToken(), query));
    PayoutRepository.Filter filter =
        new PayoutRepository.Filter(
            q.programId(), creatorId, markets, q.rule(), q.kind(), q.state(), q.transferState());
    return new Listing(filter, query, cursor, size);
  }

  /** A programme filter must name a programme the caller may see (NOT_FOUND otherwise). */
  private Uni<Void> programFilter(CallerIdentity caller, ListPayouts q) {
    if (q.programId().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return programs
        .readableBy(caller, q.programId(), ProgramQueries.hidesDrafts(caller))
        .replaceWithVoid();
  }

  private Uni<Page<Payout>> page(Listing l) {
    return payouts
        .page(l.filter(), l.cursor().time(), l.cursor().id(), l.size() + 1)
        .map(rows -> Page.of(rows, l.size(), p -> token(l, p)))
        .chain(this::withLines);
  }

  /** The page's payouts with their lines and their programmes' currencies. */
  private Uni<Page<Payout>> withLines(Page<PayoutEntity> page) {
    List<String> ids = page.items().stream().map(p -> p.payoutId).toList();
    List<String> programIds = page.items().stream().map(p -> p.programId).distinct().toList();
    return payouts
        .linesOf(ids)
        .chain(lines -> currencies(programIds).map(c -> views(page, lines, c)));
  }

  private Uni<Map<String, Currency>> currencies(List<String> programIds) {
    if (programIds.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return programs
        .list("programId in ?1", programIds)
        .map(
            ps ->
                ps.stream()
                    .collect(Collectors.toMap(p -> p.programId, SettlementQueries::currency)));
  }

  private static Page<Payout> views(
      Page<PayoutEntity> page, List<PayoutLineEntity> lines, Map<String, Currency> currencies) {
    Map<String, List<PayoutLineEntity>> byPayout =
        lines.stream().collect(Collectors.groupingBy(l -> l.payoutId));
    return page.map(
        p ->
            PayoutViews.payout(
                p, byPayout.getOrDefault(p.payoutId, List.of()), currencies.get(p.programId)));
  }

  private String token(Listing l, PayoutEntity last) {
    return pageTokens.encode(l.query(), PageCursor.after(last.createTime, last.payoutId));
  }

  private static Currency currency(ProgramEntity p) {
    return Currency.getInstance(p.currencyCode);
  }
}
