package io.creatorgov.incentive.service;

import io.creatorgov.incentive.domain.ProgramLifecycle.Phase;
import io.creatorgov.incentive.domain.ProgramTerms;
import java.time.Instant;

/**
 * A programme as the API shows it.
 *
 * @param created the stored audit stamp of its creation ({@link ProgramForms#stamp})
 * @param lastUpdated the stored audit stamp of its last change
 */
public record ProgramView(
    String programId,
    ProgramTerms terms,
    String currencyCode,
    Phase phase,
    String settlementId,
    String etag,
    Instant createTime,
    Instant updateTime,
    byte[] created,
    byte[] lastUpdated) {}
