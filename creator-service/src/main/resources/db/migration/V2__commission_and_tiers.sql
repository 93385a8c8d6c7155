-- Commission control and tiers.

-- Version of a creator's commission terms (the CommissionTerms etag).
ALTER TABLE creator ADD COLUMN commission_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE commission_rate (
    creator_id          VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    category            VARCHAR(64)  NOT NULL,
    rate_bps            INTEGER      NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
    cap_bps             INTEGER      NOT NULL,
    cap_policy_key      VARCHAR(128) NOT NULL,
    cap_policy_version  INTEGER      NOT NULL,
    last_change         BYTEA        NOT NULL,                  -- AuditStamp
    update_time         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (creator_id, category)
);

-- Every commission change, audited (append-only).
CREATE TABLE commission_change (
    change_id           VARCHAR(64)  PRIMARY KEY,
    creator_id          VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    market              VARCHAR(2)   NOT NULL,
    category            VARCHAR(64)  NOT NULL,
    old_rate_bps        INTEGER,
    new_rate_bps        INTEGER      NOT NULL,
    cap_bps             INTEGER      NOT NULL,
    cap_policy_key      VARCHAR(128) NOT NULL,
    cap_policy_version  INTEGER      NOT NULL,
    cap_from_cache      BOOLEAN      NOT NULL,
    changed             BYTEA        NOT NULL,                  -- AuditStamp
    occurred_at         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX commission_change_creator_idx ON commission_change (creator_id, occurred_at, change_id);

CREATE TABLE performance_snapshot (
    snapshot_id         VARCHAR(64)  PRIMARY KEY,
    creator_id          VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    payload             BYTEA        NOT NULL,                  -- PerformanceSnapshot
    period_end          TIMESTAMPTZ  NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL
);
CREATE INDEX performance_snapshot_creator_idx ON performance_snapshot (creator_id, period_end);

CREATE TABLE tier_assessment (
    assessment_id       VARCHAR(64)  PRIMARY KEY,
    creator_id          VARCHAR(64)  NOT NULL REFERENCES creator (creator_id),
    payload             BYTEA        NOT NULL,                  -- TierAssessment
    tier_changed        BOOLEAN      NOT NULL,
    assess_time         TIMESTAMPTZ  NOT NULL
);
CREATE INDEX tier_assessment_creator_idx ON tier_assessment (creator_id, assess_time, assessment_id);
