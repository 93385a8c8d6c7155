package io.creatorgov.creator.service;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing.
 *
 * @param nextPageToken the token of the next page; empty on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {

  /**
   * The first {@code size} of {@code rows}, which were read with one extra row to learn whether
   * more follow; when they do, the next page starts after the token of this page's last item.
   */
  static <T> Page<T> of(List<T> rows, int size, Function<T, String> tokenAfter) {
    boolean more = rows.size() > size;
    List<T> page = more ? rows.subList(0, size) : rows;
    return new Page<>(page, more ? tokenAfter.apply(page.get(page.size() - 1)) : "");
  }
}
