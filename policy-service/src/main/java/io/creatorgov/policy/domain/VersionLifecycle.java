package io.creatorgov.policy.domain;

import io.creatorgov.common.v1.ErrorReason;
import io.creatorgov.kit.error.ApiException;
import io.creatorgov.kit.error.PreconditionViolation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The states of a policy version and the moves between them: a DRAFT is edited, APPROVED by someone
 * who did not write it, PUBLISHED, and at last RETIRED (editing an APPROVED version sends it back
 * to DRAFT). Each rule refuses with the error the contract documents for it.
 *
 * <p>Contributors are stored one subject per line, in order of first contribution (a subject may
 * contain a comma, never a line break).
 */
public final class VersionLifecycle {
  public static final String DRAFT = "DRAFT";
  public static final String APPROVED = "APPROVED";
  public static final String PUBLISHED = "PUBLISHED";
  public static final String RETIRED = "RETIRED";

  private VersionLifecycle() {}

  /**
   * Published and retired versions never change: POLICY_VERSION_IMMUTABLE, with the version's
   * {@code current_state}.
   */
  public static void requireEditable(String state, int version) {
    if (state.equals(PUBLISHED) || state.equals(RETIRED)) {
      throw refused(
          ErrorReason.ERROR_REASON_POLICY_VERSION_IMMUTABLE,
          "version " + version + " is " + state + " and cannot change",
          state,
          new PreconditionViolation("STATE", state, "create a new version"));
    }
  }

  /** Only a DRAFT can be approved. */
  public static void requireApprovable(String state) {
    if (!state.equals(DRAFT)) {
      throw ApiException.illegalTransition(state, APPROVED);
    }
  }

  /** Nobody approves a version they wrote or edited: SELF_APPROVAL_FORBIDDEN. */
  public static void requireNotContributor(String contributors, String approver) {
    if (List.of(contributors.split("\n")).contains(approver)) {
      throw ApiException.of(
          ErrorReason.ERROR_REASON_SELF_APPROVAL_FORBIDDEN,
          "a version cannot be approved by someone who wrote or edited it",
          Map.of("approver", approver));
    }
  }

  /**
   * Only an APPROVED version is published; a DRAFT is POLICY_VERSION_NOT_APPROVED, with its {@code
   * current_state} like every refusal of a publication.
   */
  public static void requirePublishable(String state, int version) {
    if (state.equals(DRAFT)) {
      throw refused(
          ErrorReason.ERROR_REASON_POLICY_VERSION_NOT_APPROVED,
          "version " + version + " must be approved before it is published",
          state,
          new PreconditionViolation(
              "APPROVAL", "policy_version", "ask a policy-approver to approve it"));
    }
    if (!state.equals(APPROVED)) {
      throw ApiException.illegalTransition(state, PUBLISHED);
    }
  }

  /** Any version but a retired one can be retired (a draft is withdrawn). */
  public static void requireRetirable(String state) {
    if (state.equals(RETIRED)) {
      throw ApiException.illegalTransition(state, RETIRED);
    }
  }

  /** FAILED_PRECONDITION {@code reason}, naming the version's {@code current_state}. */
  private static ApiException refused(
      ErrorReason reason, String message, String state, PreconditionViolation violation) {
    return new ApiException(
        reason, message, Map.of("current_state", state), List.of(), List.of(violation), null);
  }

  /** The stored contributors with {@code subject} added at the end unless already there. */
  public static String withContributor(String contributors, String subject) {
    Set<String> all = new LinkedHashSet<>(List.of(contributors.split("\n")));
    all.add(subject);
    return String.join("\n", all);
  }
}
