package io.creatorgov.creator.service;

import io.creatorgov.kit.auth.Role;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.Violations;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input checks and caller role sets the creator use cases share. Field names are those of the
 * contract's requests, so a violation names the field the caller sent.
 */
final class Inputs {
  static final Pattern HANDLE = Pattern.compile("^[a-z0-9._]{3,30}$");
  static final Pattern CATEGORY = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  /** Creator operations staff. */
  static final Set<Role> OPERATORS = EnumSet.of(Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN);

  /** Operators and the platform's services (identity verification, enforcement). */
  static final Set<Role> OPERATORS_AND_SERVICES =
      EnumSet.of(Role.SERVICE, Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN);

  /** Who may read any creator (a creator may read their own record). */
  static final Set<Role> READERS =
      EnumSet.of(Role.CREATOR_OPS, Role.GOVERNANCE_ADMIN, Role.AUDITOR, Role.SERVICE);

  /** Commission terms and tiers are also read by incentive managers (programme eligibility). */
  static final Set<Role> TERMS_READERS =
      EnumSet.of(
          Role.CREATOR_OPS,
          Role.GOVERNANCE_ADMIN,
          Role.AUDITOR,
          Role.SERVICE,
          Role.INCENTIVE_MANAGER);

  private Inputs() {}

  static void requireCreatorId(String id) {
    if (id == null || id.isEmpty()) {
      throw ApiException.invalid("creator_id", "required");
    }
  }

  /** ABORTED (etag mismatch) when the caller sent an etag that is not the row's current one. */
  static void checkEtag(String given, long rowVersion) {
    ApiException.requireEtag(given, CreatorMapper.etag(rowVersion));
  }

  static void checkHandle(Violations v, String handle, String field) {
    v.require(
        !HANDLE.matcher(handle).matches(),
        field,
        "must be 3-30 characters of a-z, 0-9, '.' and '_'");
  }

  /** The categories without duplicates, in the order given; a violation per malformed one. */
  static List<String> categories(List<String> given, Violations v, String field) {
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      if (!CATEGORY.matcher(given.get(i)).matches() || given.get(i).length() > 64) {
        v.add(field + "[" + i + "]", "must be a lower-case slug like 'beauty' or 'home-living'");
      }
      unique.add(given.get(i));
    }
    v.require(unique.size() > 20, field, "at most 20 categories");
    return List.copyOf(unique);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
