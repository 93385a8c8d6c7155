package io.creatorgov.enforcement.domain;

/** How serious a violation is (the contract's {@code ViolationSeverity}, same order). */
public enum Severity {
  /** Minor: typically a warning and few points. */
  LOW,
  /** Moderate. */
  MEDIUM,
  /** Serious: typically restricts a capability. */
  HIGH,
  /** Critical: may ban on first offence. */
  CRITICAL
}
