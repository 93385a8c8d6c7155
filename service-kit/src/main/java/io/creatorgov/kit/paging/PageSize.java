package io.creatorgov.kit.paging;

import io.creatorgov.kit.error.ApiException;

/**
 * AIP-158 page sizes: 0 means the default, above the maximum is lowered to it, negative is an
 * error.
 */
public final class PageSize {
  public static final int DEFAULT = 50;
  public static final int MAX = 500;

  private PageSize() {}

  public static int resolve(int requested) {
    return resolve(requested, DEFAULT, MAX);
  }

  public static int resolve(int requested, int defaultSize, int maxSize) {
    if (requested < 0) {
      throw ApiException.invalid("page_size", "must be 0 (default " + defaultSize + ") or more");
    }
    if (requested == 0) {
      return defaultSize;
    }
    return Math.min(requested, maxSize);
  }
}
