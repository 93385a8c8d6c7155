package io.creatorgov.incentive.service;

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
   * more follow; when they do, the next page starts after the token of this page's last row.
   */
  static <R> Page<R> of(List<R> rows, int size, Function<R, String> tokenAfter) {
    boolean more = rows.size() > size;
    List<R> page = more ? rows.subList(0, size) : rows;
    return new Page<>(List.copyOf(page), more ? tokenAfter.apply(page.get(page.size() - 1)) : "");
  }

  /** The same page with every item mapped. */
  <U> Page<U> map(Function<T, U> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), nextPageToken);
  }
}
