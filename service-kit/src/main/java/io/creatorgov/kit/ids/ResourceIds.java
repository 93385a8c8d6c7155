package io.creatorgov.kit.ids;

import java.util.UUID;

/** Ids of the resources a service creates: a short type prefix, then what makes them unique. */
public final class ResourceIds {
  private ResourceIds() {}

  /** A random id with a type prefix, for example {@code cr_…}. */
  public static String random(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * An id that sorts by creation time, so paging by id is chronological. On the system clock, not a
   * service's business clock: ids must keep sorting in the order rows were written even when tests
   * move business time.
   */
  public static String sortable(String prefix) {
    return prefix
        + String.format("%013d", System.currentTimeMillis())
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
