package io.creatorgov.creator.repository;

import io.creatorgov.creator.domain.CreatorStatus;
import io.creatorgov.creator.domain.CreatorTier;
import io.creatorgov.kit.auth.CallerIdentity;
import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class CreatorRepository implements PanacheRepositoryBase<CreatorEntity, String> {

  /**
   * The creator row locked for update, for a command in the caller's markets; NOT_FOUND when
   * absent. Whether the caller may change it is the command's own rule.
   */
  public Uni<CreatorEntity> lockedFor(CallerIdentity caller, String creatorId) {
    return findById(creatorId, LockModeType.PESSIMISTIC_WRITE)
        .map(c -> inCallerMarket(caller, creatorId, c));
  }

  /**
   * The creator's home market (which never changes), read in a session of its own so a command can
   * resolve the market's policies before its transaction opens; empty when the creator does not
   * exist (the command's transaction then answers NOT_FOUND with the caller's access rules).
   */
  public Uni<java.util.Optional<String>> marketOf(String creatorId) {
    return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> findById(creatorId))
        .map(c -> java.util.Optional.ofNullable(c).map(found -> found.market));
  }

  /** The creator as the caller may read it: in their markets, and theirs or one of the readers. */
  public Uni<CreatorEntity> readableBy(CallerIdentity caller, String creatorId, Set<Role> readers) {
    return findById(creatorId)
        .map(
            c -> {
              inCallerMarket(caller, creatorId, c);
              caller.requireSelfOrAnyRole(creatorId, readers);
              return c;
            });
  }

  private static CreatorEntity inCallerMarket(
      CallerIdentity caller, String creatorId, CreatorEntity c) {
    if (c == null) {
      throw ApiException.notFound("creator", creatorId);
    }
    caller.requireMarket(c.market);
    return c;
  }

  public Uni<CreatorEntity> findByHandle(String market, String handle) {
    return find("market = ?1 and lower(handle) = lower(?2)", market, handle).firstResult();
  }

  /**
   * A page ordered by (create time, creator id), after the cursor, with optional filters.
   *
   * @param markets the markets to include (empty: every market)
   * @param category a validated category slug (no LIKE wildcards possible)
   */
  public Uni<List<CreatorEntity>> page(
      Collection<String> markets,
      CreatorStatus status,
      CreatorTier tier,
      String category,
      String handle,
      OffsetDateTime afterTime,
      String afterId,
      int limit) {
    StringBuilder q = new StringBuilder("1 = 1");
    Parameters p = new Parameters();
    if (afterTime != null) {
      q.append(" and (createTime > :t or (createTime = :t and creatorId > :id))");
      p = p.and("t", afterTime).and("id", afterId);
    }
    if (!markets.isEmpty()) {
      q.append(" and market in :markets");
      p = p.and("markets", markets);
    }
    if (status != null) {
      q.append(" and status = :status");
      p = p.and("status", status);
    }
    if (tier != null) {
      q.append(" and tier = :tier");
      p = p.and("tier", tier);
    }
    if (category != null) {
      q.append(
          " and (categories = :cat or categories like :catFirst or categories like :catMid"
              + " or categories like :catLast)");
      p =
          p.and("cat", category)
              .and("catFirst", category + "\n%")
              .and("catMid", "%\n" + category + "\n%")
              .and("catLast", "%\n" + category);
    }
    if (handle != null) {
      q.append(" and lower(handle) = lower(:handle)");
      p = p.and("handle", handle);
    }
    return find(q + " order by createTime, creatorId", p).page(0, limit).list();
  }
}
