package io.creatorgov.enforcement.service;

import io.creatorgov.kit.auth.CallerIdentity;

/** How rows name their actors and derive their etags: shared by the use cases and the API. */
public final class Rows {
  private static final String SYSTEM_PREFIX = "system:";

  private Rows() {}

  /**
   * How an actor is stored: {@code system:<job>}, {@code service:<name>} or {@code user:<subject>},
   * its kind and its subject as the audit stamp names them.
   */
  public static String actorOf(CallerIdentity caller) {
    if (caller.roles().isEmpty() && caller.subject().startsWith(SYSTEM_PREFIX)) {
      return caller.subject(); // the suite itself: system:<job>
    }
    return (caller.isService() ? "service:" : "user:") + caller.subject();
  }

  /** The weak etag of version {@code version} of resource {@code id}. */
  public static String etag(String id, long version) {
    return "W/\"" + Integer.toHexString((id + ":" + version).hashCode()) + "-" + version + "\"";
  }
}
