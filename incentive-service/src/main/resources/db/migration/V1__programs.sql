-- incentive-service schema, part 1: incentive programmes. (Enrolments, ledgers, settlements and
-- the change feed follow in later migrations.)

CREATE TABLE program (
    program_id          VARCHAR(64)   PRIMARY KEY,
    market              VARCHAR(2)    NOT NULL,
    currency_code       VARCHAR(3)    NOT NULL,                 -- the market's, at the last write
    display_name        VARCHAR(200)  NOT NULL,                 -- trimmed
    description         TEXT          NOT NULL DEFAULT '',
    window_start        TIMESTAMPTZ   NOT NULL,
    window_end          TIMESTAMPTZ   NOT NULL,
    rewards             BYTEA         NOT NULL,                 -- stored form of the reward rules
    eligibility         BYTEA         NOT NULL,                 -- stored form of the criteria
    budget_total_minor  BIGINT,                                 -- null: no budget (boosts only)
    budget_cap_minor    BIGINT,                                 -- null: no per-creator cap
    suspension_rule     VARCHAR(16)   NOT NULL,
    state               VARCHAR(16)   NOT NULL,
    paused_intervals    BYTEA         NOT NULL,                 -- stored form, oldest first
    activate_time       TIMESTAMPTZ,
    ended_time          TIMESTAMPTZ,
    settlement_id       VARCHAR(64)   NOT NULL DEFAULT '',
    created             BYTEA         NOT NULL,                 -- AuditStamp
    last_updated        BYTEA         NOT NULL,                 -- AuditStamp
    create_time         TIMESTAMPTZ   NOT NULL,
    update_time         TIMESTAMPTZ   NOT NULL,
    row_version         BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT program_window_order CHECK (window_end > window_start),
    CONSTRAINT program_budget_positive CHECK (budget_total_minor IS NULL OR budget_total_minor > 0),
    CONSTRAINT program_cap_within_budget
        CHECK (budget_cap_minor IS NULL OR (budget_cap_minor > 0 AND budget_cap_minor <= budget_total_minor))
);

-- A display name is unique within its market, ignoring case, across every state.
CREATE UNIQUE INDEX program_name_unique ON program (market, lower(display_name));
-- ListPrograms: newest first, by market and state.
CREATE INDEX program_listing_idx ON program (create_time DESC, program_id DESC);
CREATE INDEX program_market_listing_idx ON program (market, state, create_time DESC, program_id DESC);
