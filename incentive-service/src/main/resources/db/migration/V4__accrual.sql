-- incentive-service schema, part 4: performance records, reward ledgers and the budget.
--
-- The budget is not one hot counter (ADR 0006): it is split into budget_slice rows; a creator's
-- accrual takes its grant from its home slice with one conditional update when the slice has room
-- for all of it, and only otherwise locks every slice of the programme in slice order (the exact
-- end game). creator_accrual serialises one creator's accruals (per-creator cap).

CREATE TABLE budget_slice (
    program_id       VARCHAR(64)  NOT NULL REFERENCES program (program_id),
    slice_no         INT          NOT NULL,
    allotted_minor   BIGINT       NOT NULL,      -- this slice's share of budget.total
    committed_minor  BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (program_id, slice_no),
    -- the guard that makes overspending impossible whatever the code does
    CONSTRAINT budget_slice_within_allotment CHECK (committed_minor >= 0 AND committed_minor <= allotted_minor)
);

-- One creator's accrual position in one programme: locked FOR UPDATE by every accrual of the
-- creator, before any budget slice.
CREATE TABLE creator_accrual (
    program_id             VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    creator_id             VARCHAR(256)  NOT NULL,
    cumulative_gmv_minor   BIGINT        NOT NULL DEFAULT 0,   -- of the records that could accrue
    bonus_granted_minor    BIGINT        NOT NULL DEFAULT 0,
    share_granted_minor    BIGINT        NOT NULL DEFAULT 0,
    milestone_granted      TEXT          NOT NULL DEFAULT '',  -- granted per milestone, comma-separated
    net_accrued_minor      BIGINT        NOT NULL DEFAULT 0,   -- accrued − reversed (the cap's measure)
    accrued_minor          BIGINT        NOT NULL DEFAULT 0,
    reversed_minor         BIGINT        NOT NULL DEFAULT 0,   -- positive
    balance_minor          BIGINT        NOT NULL DEFAULT 0,
    ledger_sequence        BIGINT        NOT NULL DEFAULT 0,   -- last entry's sequence
    PRIMARY KEY (program_id, creator_id)
);

CREATE TABLE performance_record (
    record_id              VARCHAR(64)   PRIMARY KEY,
    request_id             VARCHAR(128)  NOT NULL,
    program_id             VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    creator_id             VARCHAR(256)  NOT NULL,
    attribution_time       TIMESTAMPTZ   NOT NULL,
    period_start           TIMESTAMPTZ,
    period_end             TIMESTAMPTZ,
    gmv_minor              BIGINT        NOT NULL,
    order_count            BIGINT        NOT NULL,
    live_seconds           BIGINT        NOT NULL,
    live_nanos             INT           NOT NULL,
    source_reference       VARCHAR(256)  NOT NULL,
    requested_minor        BIGINT        NOT NULL,
    granted_minor          BIGINT        NOT NULL,
    capped_by              VARCHAR(16)   NOT NULL,
    non_accrual_reason     VARCHAR(32)   NOT NULL,
    components             TEXT          NOT NULL,   -- kind;indexes;requested;granted;capped_by per line
    net_accrued_after      BIGINT        NOT NULL,
    budget_remaining_after BIGINT        NOT NULL,
    record_time            TIMESTAMPTZ   NOT NULL,
    created                BYTEA         NOT NULL    -- AuditStamp
);
CREATE INDEX performance_record_creator_idx ON performance_record (program_id, creator_id, record_time);

CREATE TABLE ledger_entry (
    entry_id          VARCHAR(64)   PRIMARY KEY,
    program_id        VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    creator_id        VARCHAR(256)  NOT NULL,
    sequence          BIGINT        NOT NULL,
    kind              VARCHAR(16)   NOT NULL,
    amount_minor      BIGINT        NOT NULL,
    reward_kind       VARCHAR(32),
    source_request_id VARCHAR(128)  NOT NULL,
    record_id         VARCHAR(64)   NOT NULL DEFAULT '',
    balance_after     BIGINT        NOT NULL,
    create_time       TIMESTAMPTZ   NOT NULL,
    CONSTRAINT ledger_entry_sequence_unique UNIQUE (program_id, creator_id, sequence)
);
