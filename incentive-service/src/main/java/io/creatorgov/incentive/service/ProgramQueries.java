package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.ProgramState;
import io.creatorgov.incentive.repository.ProgramEntity;
import io.creatorgov.incentive.repository.ProgramRepository;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.paging.PageSize;
import io.creatorgov.kit.paging.PageTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** GetProgram and ListPrograms: read-only, each in a session of its own. */
@ApplicationScoped
public class ProgramQueries {

  /** ListPrograms' input: page, and the market (empty: any) and state (null: any) filters. */
  public record ListPrograms(int pageSize, String pageToken, String market, ProgramState state) {}

  /** The roles that see DRAFT programmes; a creator (without any of them) never does. */
  private static final Set<Role> DRAFT_READERS =
      EnumSet.of(Role.INCENTIVE_MANAGER, Role.GOVERNANCE_ADMIN, Role.AUDITOR, Role.SERVICE);

  /** Where a page starts: after the programme created at {@code time} with {@code id}. */
  private record Cursor(OffsetDateTime time, String id) {
    static Cursor parse(String cursor) {
      if (cursor == null) {
        return new Cursor(null, null);
      }
      int colon = cursor.indexOf(':');
      long micros = Long.parseLong(cursor.substring(0, colon));
      return new Cursor(
          Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC),
          cursor.substring(colon + 1));
    }

    static String after(ProgramEntity p) {
      return ChronoUnit.MICROS.between(Instant.EPOCH, p.createTime.toInstant()) + ":" + p.programId;
    }
  }

  /** A resolved listing: which markets, whether drafts are hidden, and the page. */
  private record Listing(
      List<String> markets, boolean hideDrafts, String query, Cursor cursor, int size) {}

  private final ProgramRepository programs;
  private final ProgramViews views;
  private final ProgramInputs inputs;
  private final PageTokens pageTokens;

  public ProgramQueries(
      ProgramRepository programs, ProgramViews views, ProgramInputs inputs, PageTokens pageTokens) {
    this.programs = programs;
    this.views = views;
    this.inputs = inputs;
    this.pageTokens = pageTokens;
  }

  public Uni<ProgramView> get(CallerIdentity caller, String programId) {
    return Panache.withSession(() -> programs.readableBy(caller, programId, hidesDrafts(caller)))
        .map(views::view);
  }

  public Uni<Page<ProgramView>> list(CallerIdentity caller, ListPrograms q) {
    Listing listing = listing(caller, q);
    return Panache.withSession(() -> page(q, listing))
        .map(rows -> Page.of(rows, listing.size(), p -> token(listing, p)))
        .map(page -> page.map(views::view));
  }

  /**
   * The listing the caller may see: a market filter must be a configured market in the caller's
   * scope; without one, the caller's markets (all for an unscoped caller).
   */
  private Listing listing(CallerIdentity caller, ListPrograms q) {
    int size = PageSize.resolve(q.pageSize());
    List<String> markets;
    if (q.market().isEmpty()) {
      markets = List.copyOf(new TreeSet<>(caller.marketScope()));
    } else {
      inputs.requireKnownMarket(q.market(), "market");
      caller.requireMarket(q.market());
      markets = List.of(q.market());
    }
    boolean hideDrafts = hidesDrafts(caller);
    String query =
        "programs|markets="
            + String.join(",", markets)
            + "|state="
            + q.state()
            + "|drafts="
            + !hideDrafts;
    Cursor cursor = Cursor.parse(pageTokens.decode(q.pageToken(), query));
    return new Listing(markets, hideDrafts, query, cursor, size);
  }

  private Uni<List<ProgramEntity>> page(ListPrograms q, Listing l) {
    return programs.page(
        l.markets(), q.state(), l.hideDrafts(), l.cursor().time(), l.cursor().id(), l.size() + 1);
  }

  private String token(Listing listing, ProgramEntity last) {
    return pageTokens.encode(listing.query(), Cursor.after(last));
  }

  static boolean hidesDrafts(CallerIdentity caller) {
    return !caller.hasAnyRole(DRAFT_READERS);
  }
}
