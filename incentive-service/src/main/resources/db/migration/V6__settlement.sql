-- incentive-service schema, part 6: settlement, payouts and their lines.
--
-- "Exactly once" is structural: one settlement per programme (settlement_program_unique), one
-- SETTLEMENT payout per enrolment (payout_one_settlement_per_enrollment), and one ADJUSTMENT or
-- CLAWBACK payout per triggering event (payout_one_per_trigger: the enforcement event id or the
-- refund's record id), so a retried command or a redelivered event can never pay twice.

CREATE TABLE settlement (
    settlement_id          VARCHAR(64)   PRIMARY KEY,
    program_id             VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    request_id             VARCHAR(128)  NOT NULL,
    suspension_rule        VARCHAR(16)   NOT NULL,
    payout_count           INT           NOT NULL,
    full_count             INT           NOT NULL,
    pro_rated_count        INT           NOT NULL,
    forfeited_count        INT           NOT NULL,
    held_back_count        INT           NOT NULL,
    total_balance_minor    BIGINT        NOT NULL,
    total_paid_minor       BIGINT        NOT NULL,
    total_forfeited_minor  BIGINT        NOT NULL,
    standing_read_time     TIMESTAMPTZ   NOT NULL,
    settle_time            TIMESTAMPTZ   NOT NULL,
    created                BYTEA         NOT NULL,   -- AuditStamp
    CONSTRAINT settlement_program_unique UNIQUE (program_id),
    CONSTRAINT settlement_adds_up CHECK (total_paid_minor + total_forfeited_minor = total_balance_minor)
);

CREATE TABLE payout (
    payout_id              VARCHAR(64)   PRIMARY KEY,
    settlement_id          VARCHAR(64)   NOT NULL REFERENCES settlement (settlement_id),
    program_id             VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    creator_id             VARCHAR(256)  NOT NULL,
    enrollment_id          VARCHAR(64)   NOT NULL,
    market                 VARCHAR(2)    NOT NULL,
    kind                   VARCHAR(16)   NOT NULL,   -- SETTLEMENT, ADJUSTMENT, CLAWBACK
    state                  VARCHAR(16)   NOT NULL,   -- PAYABLE, NOTHING_DUE, HELD_BACK
    rule_applied           VARCHAR(16),              -- SETTLEMENT only
    amount_minor           BIGINT        NOT NULL,
    balance_before_minor   BIGINT        NOT NULL DEFAULT 0,
    forfeited_minor        BIGINT        NOT NULL DEFAULT 0,
    enrollment_state       VARCHAR(16)   NOT NULL,
    participation_start    TIMESTAMPTZ,
    participation_end      TIMESTAMPTZ,
    participation_seconds  BIGINT        NOT NULL DEFAULT 0,
    good_standing_seconds  BIGINT        NOT NULL DEFAULT 0,
    standing_lapses        TEXT          NOT NULL DEFAULT '',  -- status;start;end;action per line
    explanation            TEXT          NOT NULL DEFAULT '',
    held_back_for_appeals  TEXT          NOT NULL DEFAULT '',  -- appeal ids, comma-separated
    released_appeals       TEXT          NOT NULL DEFAULT '',  -- of those, the ones since decided or withdrawn
    adjusts_payout_id      VARCHAR(64)   NOT NULL DEFAULT '',
    enforcement_action_id  VARCHAR(256)  NOT NULL DEFAULT '',
    trigger_id             VARCHAR(256)  NOT NULL DEFAULT '',  -- what caused an ADJUSTMENT/CLAWBACK
    transfer_state         VARCHAR(16),              -- null: nothing to transfer
    transfer_reference     VARCHAR(128)  NOT NULL DEFAULT '',
    failure_reason         TEXT          NOT NULL DEFAULT '',
    transfer_reported      BYTEA,                    -- AuditStamp of the last report
    create_time            TIMESTAMPTZ   NOT NULL,
    update_time            TIMESTAMPTZ   NOT NULL,
    row_version            BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT payout_amounts CHECK (amount_minor >= 0 AND forfeited_minor >= 0),
    CONSTRAINT payout_settlement_adds_up
        CHECK (kind <> 'SETTLEMENT' OR amount_minor + forfeited_minor = balance_before_minor)
);
CREATE UNIQUE INDEX payout_one_settlement_per_enrollment ON payout (enrollment_id) WHERE kind = 'SETTLEMENT';
CREATE UNIQUE INDEX payout_one_per_trigger ON payout (program_id, creator_id, kind, trigger_id) WHERE kind <> 'SETTLEMENT';
CREATE INDEX payout_listing_idx ON payout (create_time, payout_id);
CREATE INDEX payout_program_idx ON payout (program_id, creator_id);

-- A payout itemised: one line per reward kind (SETTLEMENT) or one adjustment / clawback line.
CREATE TABLE payout_line (
    line_id                VARCHAR(80)   PRIMARY KEY,   -- <payout_id>-<line_no>
    payout_id              VARCHAR(64)   NOT NULL REFERENCES payout (payout_id),
    line_no                INT           NOT NULL,
    kind                   VARCHAR(32)   NOT NULL,
    amount_minor           BIGINT        NOT NULL CHECK (amount_minor >= 0),
    forfeited_minor        BIGINT        NOT NULL DEFAULT 0 CHECK (forfeited_minor >= 0),
    ledger_entry_ids       TEXT          NOT NULL DEFAULT '',   -- comma-separated
    CONSTRAINT payout_line_unique UNIQUE (payout_id, line_no)
);

-- Every transfer state the payouts system reported, in order (the payout row holds the latest).
CREATE TABLE payout_transfer_report (
    payout_id              VARCHAR(64)   NOT NULL REFERENCES payout (payout_id),
    report_no              INT           NOT NULL,
    state                  VARCHAR(16)   NOT NULL,
    transfer_reference     VARCHAR(128)  NOT NULL,
    failure_reason         TEXT          NOT NULL,
    request_id             VARCHAR(128)  NOT NULL,
    report_time            TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (payout_id, report_no)
);

-- Ledger entries of settlement and later adjustments name their payout and, for an overturn, the
-- enforcement action.
ALTER TABLE ledger_entry ADD COLUMN payout_id VARCHAR(64) NOT NULL DEFAULT '';
