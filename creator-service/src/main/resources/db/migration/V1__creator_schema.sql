-- creator-service schema: creators, onboarding submissions, status history, restrictions and the
-- creator change feed. (Commission and tiers follow in later migrations.)

CREATE TABLE creator (
    creator_id             VARCHAR(64)  PRIMARY KEY,
    market                 VARCHAR(2)   NOT NULL,
    handle                 VARCHAR(30)  NOT NULL,
    display_name           VARCHAR(100) NOT NULL,
    categories             TEXT         NOT NULL DEFAULT '',   -- newline-separated slugs
    status                 VARCHAR(32)  NOT NULL,
    status_change_time     TIMESTAMPTZ  NOT NULL,
    activated              BOOLEAN      NOT NULL DEFAULT FALSE,
    activate_time          TIMESTAMPTZ,
    suspension_end_time    TIMESTAMPTZ,
    suspension_action_id   VARCHAR(128),
    ban_action_id          VARCHAR(128),
    tier                   VARCHAR(32)  NOT NULL DEFAULT 'CREATOR_TIER_UNSPECIFIED',
    registered             BYTEA        NOT NULL,                -- AuditStamp
    last_change            BYTEA        NOT NULL,                -- AuditStamp
    create_time            TIMESTAMPTZ  NOT NULL,
    update_time            TIMESTAMPTZ  NOT NULL,
    row_version            BIGINT       NOT NULL DEFAULT 0
);
-- A handle is unique per market, ignoring case.
CREATE UNIQUE INDEX creator_handle_unique ON creator (market, lower(handle));
CREATE INDEX creator_market_status_idx ON creator (market, status, creator_id);

-- Onboarding evidence: the latest submission per (creator, kind, policy key) counts.
CREATE SEQUENCE onboarding_submission_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE onboarding_submission (
    id              BIGINT       PRIMARY KEY,
    creator_id      VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    kind            VARCHAR(64)  NOT NULL,
    policy_key      VARCHAR(128) NOT NULL DEFAULT '',
    payload         BYTEA        NOT NULL,                       -- the item (tax id masked)
    submitted       BYTEA        NOT NULL,                       -- AuditStamp
    submit_time     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX onboarding_submission_idx ON onboarding_submission (creator_id, kind, policy_key, id);

-- Append-only status history.
CREATE TABLE status_history (
    sequence              BIGSERIAL    PRIMARY KEY,
    entry_id              VARCHAR(64)  NOT NULL UNIQUE,
    creator_id            VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    kind                  VARCHAR(64)  NOT NULL,
    from_status           VARCHAR(32)  NOT NULL,
    to_status             VARCHAR(32)  NOT NULL,
    enforcement_action_id VARCHAR(128) NOT NULL DEFAULT '',
    appeal_id             VARCHAR(128) NOT NULL DEFAULT '',
    restriction_id        VARCHAR(64)  NOT NULL DEFAULT '',
    suspension_end_time   TIMESTAMPTZ,
    changed               BYTEA        NOT NULL,                 -- AuditStamp
    occurred_at           TIMESTAMPTZ  NOT NULL
);
CREATE INDEX status_history_creator_idx ON status_history (creator_id, sequence);

CREATE TABLE restriction (
    restriction_id         VARCHAR(64)  PRIMARY KEY,
    creator_id             VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    market                 VARCHAR(2)   NOT NULL,
    type                   VARCHAR(64)  NOT NULL,
    enforcement_action_id  VARCHAR(128) NOT NULL,
    start_time             TIMESTAMPTZ  NOT NULL,
    end_time               TIMESTAMPTZ,
    state                  VARCHAR(16)  NOT NULL,
    ended_time             TIMESTAMPTZ,
    applied                BYTEA        NOT NULL,                -- AuditStamp
    lifted                 BYTEA,
    lift_appeal_id         VARCHAR(128) NOT NULL DEFAULT '',
    create_time            TIMESTAMPTZ  NOT NULL,
    update_time            TIMESTAMPTZ  NOT NULL,
    row_version            BIGINT       NOT NULL DEFAULT 0,
    -- the same action's restriction of a type is applied once
    CONSTRAINT restriction_once UNIQUE (creator_id, enforcement_action_id, type)
);
CREATE INDEX restriction_active_idx ON restriction (creator_id, state, end_time);

-- The creator change feed, written in the transaction of each change (commit order = sequence
-- order: writers hold an advisory lock).
CREATE TABLE creator_event (
    sequence      BIGSERIAL    PRIMARY KEY,
    event_id      VARCHAR(64)  NOT NULL UNIQUE,
    creator_id    VARCHAR(64)  NOT NULL,
    market        VARCHAR(2)   NOT NULL,
    event_type    VARCHAR(64)  NOT NULL,
    payload       BYTEA        NOT NULL,                         -- CreatorEvent without sequence/token
    occurred_at   TIMESTAMPTZ  NOT NULL
);
