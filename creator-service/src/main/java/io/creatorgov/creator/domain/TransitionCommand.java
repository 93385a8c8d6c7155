package io.creatorgov.creator.domain;

import java.time.Instant;

/**
 * A requested lifecycle transition, as {@code TransitionCreatorStatusRequest} carries it. Empty
 * strings and nulls both mean "not given".
 *
 * @param transition the transition requested; null when none was
 * @param reason why (required, 1–2,000 characters)
 * @param enforcementActionId the causing enforcement action: required for BAN and UNBAN, and for
 *     SUSPEND by a service
 * @param appealId the overturned appeal: for UNBAN exactly one of it and {@code reversalBasis} is
 *     required; optional for REINSTATE, must be empty otherwise
 * @param reversalBasis the basis of a reversal outside an appeal (null: none): allowed only for
 *     UNBAN and REINSTATE, never together with {@code appealId}
 * @param suspensionEndTime end of the suspension: required for SUSPEND and in the future, must be
 *     null otherwise
 * @param callerIsService whether the caller holds the {@code service} role (enforcement-service);
 *     only a service may BAN or UNBAN
 */
public record TransitionCommand(
    StatusTransition transition,
    String reason,
    String enforcementActionId,
    String appealId,
    ReversalBasis reversalBasis,
    Instant suspensionEndTime,
    boolean callerIsService) {}
