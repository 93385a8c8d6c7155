package io.creatorgov.enforcement.service;

import io.creatorgov.enforcement.domain.CurrentStanding;
import io.creatorgov.enforcement.repository.AppealEntity;
import java.util.List;

/**
 * A creator's standing now (GetCreatorStanding).
 *
 * @param policyKey the standing policy used
 * @param policyVersion its version
 * @param standing the view of the market's model
 * @param actionsInForce the actions in force, newest first, with their records
 * @param openAppeals the creator's OPEN and UNDER_REVIEW appeals in the market, oldest first
 */
public record StandingView(
    String creatorId,
    String market,
    String policyKey,
    int policyVersion,
    CurrentStanding standing,
    List<ActionRecord> actionsInForce,
    List<AppealEntity> openAppeals) {}
