-- Money that follows enforcement, appeals, and the undoing of an action (DecideAppeal OVERTURN /
-- MODIFY, ReverseEnforcementAction). Enum columns hold domain names.

-- A COMMISSION_FREEZE's hold over the sales inside its window (contract: CommissionHold). Opened in
-- the decision's transaction; settled (RELEASED / FORFEITED) by an appeal decision, a reversal, or
-- the settlement job at settle_at when no appeal is open.
CREATE TABLE commission_hold (
    hold_id              VARCHAR(64)  PRIMARY KEY,
    action_id            VARCHAR(64)  NOT NULL UNIQUE REFERENCES enforcement_action (action_id),
    creator_id           VARCHAR(256) NOT NULL,
    market               VARCHAR(2)   NOT NULL,
    state                VARCHAR(16)  NOT NULL CHECK (state IN ('HELD', 'RELEASED', 'FORFEITED')),
    sales_start          TIMESTAMPTZ  NOT NULL,
    sales_end            TIMESTAMPTZ  NOT NULL,
    settle_at            TIMESTAMPTZ  NOT NULL,                   -- later of sales_end and the appeal deadline
    amount_minor         BIGINT,                                   -- as last reported by payouts; null until then
    currency_code        VARCHAR(3),
    amount_as_of         TIMESTAMPTZ,
    amount_reported_by   VARCHAR(300),
    amount_reported_at   TIMESTAMPTZ,
    amount_request_id    VARCHAR(128),
    settled_at           TIMESTAMPTZ,
    settlement_reason    VARCHAR(32),
    settled_by           VARCHAR(300),
    settled_request_id   VARCHAR(128),
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL,
    etag_version         BIGINT       NOT NULL DEFAULT 1
);
-- the settlement job's due query, and the payouts system's work list per market
CREATE INDEX commission_hold_due_idx ON commission_hold (settle_at) WHERE state = 'HELD';
CREATE INDEX commission_hold_market_idx ON commission_hold (market, created_at, hold_id);
CREATE INDEX commission_hold_creator_idx ON commission_hold (creator_id, created_at, hold_id);

-- One appeal per action, ever (a withdrawn appeal still counts): the UNIQUE action_id is the rule.
CREATE TABLE appeal (
    appeal_id             VARCHAR(64)   PRIMARY KEY,
    action_id             VARCHAR(64)   NOT NULL UNIQUE REFERENCES enforcement_action (action_id),
    creator_id            VARCHAR(256)  NOT NULL,
    market                VARCHAR(2)    NOT NULL,
    violation_id          VARCHAR(64),
    action_type           VARCHAR(32)   NOT NULL,
    statement             VARCHAR(5000) NOT NULL,
    evidence              BYTEA         NOT NULL,                 -- the creator's references, length-delimited
    state                 VARCHAR(16)   NOT NULL
        CHECK (state IN ('OPEN', 'UNDER_REVIEW', 'UPHELD', 'OVERTURNED', 'MODIFIED', 'WITHDRAWN')),
    appeal_deadline_at    TIMESTAMPTZ   NOT NULL,
    filed_by              VARCHAR(300)  NOT NULL,
    filed_request_id      VARCHAR(128)  NOT NULL,
    review_by             VARCHAR(300),
    review_at             TIMESTAMPTZ,
    review_request_id     VARCHAR(128),
    outcome               VARCHAR(16),                            -- UPHOLD / OVERTURN / MODIFY
    reasoning             VARCHAR(5000),
    decided_by            VARCHAR(300),
    decided_at            TIMESTAMPTZ,
    decided_request_id    VARCHAR(128),
    withdrawn_by          VARCHAR(300),
    withdrawn_at          TIMESTAMPTZ,
    withdrawn_reason      VARCHAR(2000),
    withdrawn_request_id  VARCHAR(128),
    created_at            TIMESTAMPTZ   NOT NULL,
    updated_at            TIMESTAMPTZ   NOT NULL,
    etag_version          BIGINT        NOT NULL DEFAULT 1
);
-- the review queue (oldest filing first) and a creator's appeals
CREATE INDEX appeal_queue_idx ON appeal (market, state, created_at, appeal_id);
CREATE INDEX appeal_creator_idx ON appeal (creator_id, created_at, appeal_id);

-- What ended an action early: an appeal (appeal_id) or a reversal outside one (basis, reason).
ALTER TABLE enforcement_action
    ADD COLUMN appeal_id                  VARCHAR(64),
    ADD COLUMN reversal_basis             VARCHAR(32),
    ADD COLUMN reversal_standing_restored BOOLEAN,
    ADD COLUMN reversed_by                VARCHAR(300),
    ADD COLUMN reversed_at                TIMESTAMPTZ,
    ADD COLUMN reversal_reason            VARCHAR(2000),
    ADD COLUMN reversal_request_id        VARCHAR(128);

-- An application still PENDING when its action is reversed is cancelled instead of delivered.
ALTER TABLE action_delivery DROP CONSTRAINT action_delivery_state_check;
ALTER TABLE action_delivery ADD CONSTRAINT action_delivery_state_check
    CHECK (state IN ('PENDING', 'DELIVERING', 'APPLIED', 'EXPIRED_BEFORE_DELIVERY', 'FAILED',
                     'CANCELLED'));
