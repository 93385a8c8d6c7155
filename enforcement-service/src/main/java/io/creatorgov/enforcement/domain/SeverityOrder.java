package io.creatorgov.enforcement.domain;

import java.time.Duration;

/**
 * The one severity order of the contract, shared by consequences and simulated actions: action type
 * order first, then how long it lasts (permanent, then the longer duration, then no duration), then
 * the number of restrictions. The last criterion is the simulation's ("then more restrictions");
 * for decisions it makes a rule that adds restrictions to an otherwise equal consequence win over
 * the catalogue default.
 */
final class SeverityOrder {
  private SeverityOrder() {}

  /**
   * Compares two actions; {@code a} or {@code b} may have a null type, which means "no action" and
   * ranks below every action.
   */
  static int compare(
      ActionType typeA,
      Duration durationA,
      boolean permanentA,
      int restrictionsA,
      ActionType typeB,
      Duration durationB,
      boolean permanentB,
      int restrictionsB) {
    if (typeA == null || typeB == null) {
      return Boolean.compare(typeA != null, typeB != null);
    }
    int byType = typeA.compareTo(typeB);
    if (byType != 0) {
      return byType;
    }
    int byLength = compareLength(durationA, permanentA, durationB, permanentB);
    if (byLength != 0) {
      return byLength;
    }
    return Integer.compare(restrictionsA, restrictionsB);
  }

  private static int compareLength(
      Duration durationA, boolean permanentA, Duration durationB, boolean permanentB) {
    if (permanentA || permanentB) {
      return Boolean.compare(permanentA, permanentB);
    }
    if (durationA == null || durationB == null) {
      return Boolean.compare(durationA != null, durationB != null);
    }
    return durationA.compareTo(durationB);
  }
}
