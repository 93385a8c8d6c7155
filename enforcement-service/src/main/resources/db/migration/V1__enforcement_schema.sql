-- enforcement-service schema: violations, actions with their statements of reasons, the standing
-- row that serialises decisions per creator and market, the delivery outbox to creator-service and
-- the enforcement change feed. Enum columns hold the domain's names (for example SUSPENSION,
-- POINTS_LADDER), never proto enum names.

-- One row per creator and market: every decision for that creator in that market locks it
-- (SELECT ... FOR UPDATE) before reading the history, so two reports never decide on the same
-- history. Created on first use (INSERT ... ON CONFLICT DO NOTHING); it also carries the standing
-- after the last decision, for reads.
CREATE TABLE creator_standing (
    creator_id      VARCHAR(256) NOT NULL,
    market          VARCHAR(2)   NOT NULL,
    model_kind      VARCHAR(32),                                   -- POINTS_LADDER / HEALTH_RATING
    active_points   INTEGER      NOT NULL DEFAULT 0,
    score           INTEGER,
    standing_start  TIMESTAMPTZ  NOT NULL,                         -- first seen: earn-back periods count from it
    decisions       BIGINT       NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (creator_id, market)
);

CREATE TABLE violation (
    violation_id              VARCHAR(64)  PRIMARY KEY,
    creator_id                VARCHAR(256) NOT NULL,
    market                    VARCHAR(2)   NOT NULL,
    violation_code            VARCHAR(64)  NOT NULL,
    severity                  VARCHAR(16)  NOT NULL,
    violation_title           VARCHAR(500) NOT NULL,
    evidence                  BYTEA        NOT NULL,               -- the reported references, length-delimited
    detection_source          VARCHAR(32)  NOT NULL,
    observed_at               TIMESTAMPTZ  NOT NULL,
    live_session_id           VARCHAR(256),
    content_type              VARCHAR(64)  NOT NULL,
    content_time              TIMESTAMPTZ,
    human_reviewed            BOOLEAN      NOT NULL,
    notice_id                 VARCHAR(256),
    trusted_flagger_id        VARCHAR(128),
    trusted_flagger_name      VARCHAR(200),
    catalogue_policy_key      VARCHAR(128) NOT NULL,
    catalogue_policy_version  INTEGER      NOT NULL,
    model_kind                VARCHAR(32)  NOT NULL,
    points_added              INTEGER      NOT NULL,
    points_expire_at          TIMESTAMPTZ,
    score_deducted            INTEGER      NOT NULL,
    repeat_offence            BOOLEAN      NOT NULL,
    repeat_count              INTEGER      NOT NULL,
    state                     VARCHAR(16)  NOT NULL,               -- ACTIVE / EXPIRED / REVERSED
    action_id                 VARCHAR(64)  NOT NULL,
    reported_by               VARCHAR(256) NOT NULL,
    reported_request_id       VARCHAR(128) NOT NULL,
    created_at                TIMESTAMPTZ  NOT NULL,
    updated_at                TIMESTAMPTZ  NOT NULL,
    etag_version              BIGINT       NOT NULL DEFAULT 1
);
-- the history a decision reads, and ListViolations per creator
CREATE INDEX violation_creator_market_observed_idx ON violation (creator_id, market, observed_at);

CREATE TABLE enforcement_action (
    action_id                 VARCHAR(64)  PRIMARY KEY,
    creator_id                VARCHAR(256) NOT NULL,
    market                    VARCHAR(2)   NOT NULL,
    action_type               VARCHAR(32)  NOT NULL,
    origin                    VARCHAR(32)  NOT NULL,               -- VIOLATION_DECISION / MANUAL / APPEAL_MODIFICATION
    violation_id              VARCHAR(64)  REFERENCES violation (violation_id),
    duration_seconds          BIGINT,                              -- null: instantaneous or indefinite
    start_at                  TIMESTAMPTZ  NOT NULL,
    end_at                    TIMESTAMPTZ,
    restriction_types         VARCHAR(200) NOT NULL,               -- comma-separated RestrictionKind names
    target_status             VARCHAR(16),                         -- SUSPENDED / BANNED
    state                     VARCHAR(16)  NOT NULL,               -- PENDING / APPLIED / EXPIRED / ...
    applied_at                TIMESTAMPTZ,
    appeal_deadline_at        TIMESTAMPTZ,
    decided_by                VARCHAR(256) NOT NULL,
    decided_request_id        VARCHAR(128) NOT NULL,
    -- statement of reasons (DSA art. 17), written once at decision
    statement_id              VARCHAR(64)  NOT NULL UNIQUE,
    restriction_categories    VARCHAR(100) NOT NULL,               -- comma-separated
    territorial_scope         VARCHAR(200) NOT NULL,               -- comma-separated market codes
    facts_and_circumstances   VARCHAR(5000) NOT NULL,
    ground_type               VARCHAR(40)  NOT NULL,
    legal_reference           VARCHAR(500),
    category                  VARCHAR(80),
    ground_policy_key         VARCHAR(128) NOT NULL,
    ground_policy_version     INTEGER      NOT NULL,
    other_policies            VARCHAR(500) NOT NULL,               -- key@version, comma-separated
    rules_applied             VARCHAR(4000) NOT NULL,              -- one rule per line: kind|policy|ref|determinative|description
    explanation               VARCHAR(5000) NOT NULL,
    automated_detection       BOOLEAN      NOT NULL,
    decision_automation       VARCHAR(32)  NOT NULL,
    detection_source          VARCHAR(32)  NOT NULL,
    appeal_window_seconds     BIGINT,
    language_code             VARCHAR(35),
    content_type              VARCHAR(64),
    content_time              TIMESTAMPTZ,
    notice_id                 VARCHAR(256),
    trusted_flagger_id        VARCHAR(128),
    trusted_flagger_name      VARCHAR(200),
    created_at                TIMESTAMPTZ  NOT NULL,
    updated_at                TIMESTAMPTZ  NOT NULL,
    etag_version              BIGINT       NOT NULL DEFAULT 1
);
CREATE INDEX enforcement_action_creator_market_idx ON enforcement_action (creator_id, market, start_at);

-- Transactional outbox: written in the decision's transaction, delivered to creator-service by a
-- worker outside any transaction. One row per action and purpose (APPLY; later REVERSE).
CREATE TABLE action_delivery (
    delivery_id       BIGSERIAL    PRIMARY KEY,
    action_id         VARCHAR(64)  NOT NULL REFERENCES enforcement_action (action_id),
    purpose           VARCHAR(16)  NOT NULL,                       -- APPLY / REVERSE
    state             VARCHAR(32)  NOT NULL
        CHECK (state IN ('PENDING', 'DELIVERING', 'APPLIED', 'EXPIRED_BEFORE_DELIVERY', 'FAILED')),
    attempts          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL,
    lease_until       TIMESTAMPTZ,                                 -- DELIVERING: a worker holds it until then
    last_error        VARCHAR(2000),
    last_attempt_at   TIMESTAMPTZ,
    delivered_at      TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    UNIQUE (action_id, purpose)
);
-- the worker's claim: due rows only
CREATE INDEX action_delivery_due_idx ON action_delivery (next_attempt_at)
    WHERE state IN ('PENDING', 'DELIVERING');

-- Every delivery attempt, for operators (why is this action still PENDING?).
CREATE TABLE delivery_attempt (
    attempt_id     BIGSERIAL    PRIMARY KEY,
    delivery_id    BIGINT       NOT NULL REFERENCES action_delivery (delivery_id),
    attempt_no     INTEGER      NOT NULL,
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ  NOT NULL,
    outcome        VARCHAR(32)  NOT NULL,                          -- APPLIED / RETRY / FAILED / EXPIRED_BEFORE_DELIVERY
    error          VARCHAR(2000)
);
CREATE INDEX delivery_attempt_delivery_idx ON delivery_attempt (delivery_id);

-- The enforcement change feed (StreamEnforcementEvents). Written through the kit's FeedWriter so
-- sequence follows commit order.
CREATE TABLE enforcement_event (
    sequence      BIGSERIAL    PRIMARY KEY,
    event_id      VARCHAR(64)  NOT NULL UNIQUE,
    creator_id    VARCHAR(256) NOT NULL,
    market        VARCHAR(2)   NOT NULL,
    event_type    VARCHAR(64)  NOT NULL,
    payload       BYTEA        NOT NULL,                           -- EnforcementEvent without sequence/token
    occurred_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX enforcement_event_occurred_at_idx ON enforcement_event (occurred_at);

-- Change-feed retention (io.creatorgov.kit.feed.FeedRetention): the highest deleted sequence per
-- feed, so a resume token from before it is refused with RESUME_TOKEN_EXPIRED.
CREATE TABLE kit_feed_horizon (
    feed_table     VARCHAR(100) PRIMARY KEY,
    purged_through BIGINT       NOT NULL,
    purged_at      TIMESTAMPTZ  NOT NULL
);
