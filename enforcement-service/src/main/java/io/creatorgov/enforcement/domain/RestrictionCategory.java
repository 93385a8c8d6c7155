package io.creatorgov.enforcement.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The DSA transparency-database category of what an action restricts (the contract's {@code
 * RestrictionCategory}, same order).
 */
public enum RestrictionCategory {
  /** Content removed or demoted, traffic limited. */
  VISIBILITY,
  /** Commission frozen or held; campaign or ads ineligibility. */
  MONETARY,
  /** Part of the service suspended, such as live streaming. */
  SERVICE,
  /** The account suspended or terminated. */
  ACCOUNT;

  /**
   * Every category a consequence falls under, by its type and its restrictions (none for a
   * WARNING).
   */
  public static Set<RestrictionCategory> of(Consequence consequence) {
    Set<RestrictionCategory> categories = EnumSet.noneOf(RestrictionCategory.class);
    switch (consequence.type()) {
      case WARNING -> {}
      case CONTENT_REMOVAL, TRAFFIC_RESTRICTION -> categories.add(VISIBILITY);
      case COMMISSION_FREEZE -> categories.add(MONETARY);
      case LIVE_INTERRUPTION -> categories.add(SERVICE);
      case SUSPENSION, BAN -> categories.add(ACCOUNT);
    }
    for (RestrictionKind kind : consequence.restrictions()) {
      categories.add(
          switch (kind) {
            case LIVE_DISABLED -> SERVICE;
            case TRAFFIC_LIMITED -> VISIBILITY;
            case COMMISSION_FROZEN, CAMPAIGN_INELIGIBLE, ADS_INELIGIBLE -> MONETARY;
          });
    }
    return categories;
  }
}
