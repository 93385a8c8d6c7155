package io.creatorgov.enforcement.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The governance insights' aggregates, in two grouped queries over one market's violations reported
 * in a window (each with the action decided from it and the appeal against that action): per code
 * plus a totals row (code null), and actions per code and type plus per type.
 */
@ApplicationScoped
public class InsightsRepository {

  /** One code's (or, with a null code, every code's) figures. */
  public record RuleRow(
      String code,
      long reports,
      long repeats,
      long appealsFiled,
      long appealsDecided,
      long overturned,
      long modified,
      Double medianSecondsToApplied) {}

  /** Actions of one type decided from one code's reports (code null: from every code's). */
  public record ActionRow(String code, String actionType, long count) {}

  private static final String FROM =
      " FROM violation v JOIN enforcement_action a ON a.action_id = v.action_id"
          + " LEFT JOIN appeal p ON p.action_id = a.action_id"
          + " WHERE v.market = :market AND v.created_at >= :from AND v.created_at < :to";
  private static final String RULES =
      "SELECT v.violation_code, count(*), count(*) FILTER (WHERE v.repeat_offence),"
          + " count(p.appeal_id),"
          + " count(p.appeal_id) FILTER (WHERE p.state IN ('UPHELD', 'OVERTURNED', 'MODIFIED')),"
          + " count(p.appeal_id) FILTER (WHERE p.state = 'OVERTURNED'),"
          + " count(p.appeal_id) FILTER (WHERE p.state = 'MODIFIED'),"
          + " percentile_cont(0.5) WITHIN GROUP"
          + "   (ORDER BY extract(epoch FROM (a.applied_at - v.created_at)))";
  private static final String ACTIONS = "SELECT v.violation_code, a.action_type, count(*)";

  public Uni<List<RuleRow>> rules(
      String market, OffsetDateTime from, OffsetDateTime to, List<String> codes) {
    String sql =
        RULES
            + FROM
            + codeFilter(codes)
            + " GROUP BY ROLLUP (v.violation_code)"
            + " ORDER BY v.violation_code NULLS LAST";
    return query(sql, market, from, to, codes)
        .map(rows -> rows.stream().map(InsightsRepository::rule).toList());
  }

  public Uni<List<ActionRow>> actions(
      String market, OffsetDateTime from, OffsetDateTime to, List<String> codes) {
    String sql =
        ACTIONS
            + FROM
            + codeFilter(codes)
            + " GROUP BY GROUPING SETS ((v.violation_code, a.action_type), (a.action_type))"
            + " ORDER BY v.violation_code NULLS LAST, a.action_type";
    return query(sql, market, from, to, codes)
        .map(rows -> rows.stream().map(InsightsRepository::action).toList());
  }

  private static String codeFilter(List<String> codes) {
    return codes.isEmpty() ? "" : " AND v.violation_code IN (:codes)";
  }

  private static Uni<List<Object[]>> query(
      String sql, String market, OffsetDateTime from, OffsetDateTime to, List<String> codes) {
    return Panache.getSession()
        .chain(
            s -> {
              var q =
                  s.<Object[]>createNativeQuery(sql)
                      .setParameter("market", market)
                      .setParameter("from", from)
                      .setParameter("to", to);
              if (!codes.isEmpty()) {
                q.setParameter("codes", codes);
              }
              return q.getResultList();
            });
  }

  private static RuleRow rule(Object[] r) {
    return new RuleRow(
        (String) r[0],
        number(r[1]),
        number(r[2]),
        number(r[3]),
        number(r[4]),
        number(r[5]),
        number(r[6]),
        r[7] == null ? null : ((Number) r[7]).doubleValue());
  }

  private static ActionRow action(Object[] r) {
    return new ActionRow((String) r[0], (String) r[1], number(r[2]));
  }

  private static long number(Object o) {
    return ((Number) o).longValue();
  }
}
