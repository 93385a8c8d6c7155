package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.repository.ActionDeliveryEntity;
import io.creatorgov.enforcement.repository.EnforcementActionEntity;
import io.creatorgov.enforcement.repository.ViolationEntity;

/**
 * ReportViolation's result: the recorded violation, its action with the outbox row that delivers it
 * (null when there is nothing to deliver) and the standing change.
 */
public record Reported(
    ViolationEntity violation,
    EnforcementActionEntity action,
    ActionDeliveryEntity delivery,
    StandingMove standing) {}
