package io.creatorgov.enforcement.client;

import java.time.Duration;
import java.util.Objects;

/** A market's appeal window and the appeal rules version it came from. */
public record AppealsPolicy(Duration window, PinnedPolicy version) {
  public AppealsPolicy {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(version, "version");
  }
}
