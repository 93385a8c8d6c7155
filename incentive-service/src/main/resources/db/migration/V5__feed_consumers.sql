-- incentive-service schema, part 5: consuming the creator and enforcement change feeds.
--
-- One checkpoint row per consumed feed. Every event is applied in the same transaction that moves
-- the row to the event's resume token, and every FeedCheckpoint message moves it too, so a restart
-- resumes exactly after the last item committed (nothing missed, nothing applied twice) and a quiet
-- filtered feed never leaves a token older than about 30 seconds (creatorgov/common/v1/feed.proto).
CREATE TABLE feed_checkpoint (
    feed                  VARCHAR(32)   PRIMARY KEY,          -- 'creator', 'enforcement'
    resume_token          TEXT          NOT NULL DEFAULT '',  -- '' = never consumed: start from now
    last_sequence         BIGINT        NOT NULL DEFAULT 0,
    last_event_id         VARCHAR(128)  NOT NULL DEFAULT '',
    updated_time          TIMESTAMPTZ   NOT NULL,
    -- set when the feed refused the stored token (OUT_OF_RANGE RESUME_TOKEN_EXPIRED) and the
    -- consumer resumed from now; cleared once the reconciliation from current state finished
    token_expired_time    TIMESTAMPTZ,
    reconciled_time       TIMESTAMPTZ
);

-- Enforcement actions the enforcement feed reported as overturned, modified on appeal or reversed.
-- The two feeds are independent streams: when the overturn is read before the suspension or ban it
-- undoes (the creator consumer lagging), the later pause or disqualification for that action is
-- recognised as void here instead of leaving the enrolment inactive for good.
CREATE TABLE undone_enforcement_action (
    enforcement_action_id VARCHAR(64)   PRIMARY KEY,
    creator_id            VARCHAR(256)  NOT NULL,
    outcome               VARCHAR(32)   NOT NULL,             -- REINSTATED_AFTER_APPEAL / _REVERSAL
    event_id              VARCHAR(128)  NOT NULL,
    occurred_time         TIMESTAMPTZ   NOT NULL
);

-- A record withheld while the enrolment was inactive is accrued at most once, when the action
-- behind the interval is overturned or reversed (ledger REINSTATEMENT entries name the record).
ALTER TABLE performance_record ADD COLUMN reinstated_time TIMESTAMPTZ;
CREATE INDEX performance_record_withheld_idx ON performance_record (program_id, creator_id, attribution_time)
    WHERE non_accrual_reason IN ('ENROLLMENT_PAUSED', 'ENROLLMENT_ENDED') AND reinstated_time IS NULL;

-- REINSTATEMENT entries name the enforcement action whose overturn or reversal caused them
-- (LedgerEntry.enforcement_action_id); the creator's position counts them apart from accruals
-- (LedgerSummary.reinstated).
ALTER TABLE ledger_entry ADD COLUMN enforcement_action_id VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE creator_accrual ADD COLUMN reinstated_minor BIGINT NOT NULL DEFAULT 0;

-- The feeds look enrolments up by creator (every programme the creator is in).
-- enrollment_creator_idx (creator_id, enroll_time, enrollment_id) of V3 serves it.
