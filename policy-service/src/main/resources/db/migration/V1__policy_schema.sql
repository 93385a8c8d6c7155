-- policy-service schema: policies, their versions, the audit trail and the change feed.

CREATE TABLE policy (
    policy_key      VARCHAR(128) PRIMARY KEY,
    kind            VARCHAR(64)  NOT NULL,
    title           VARCHAR(200) NOT NULL,
    description     TEXT         NOT NULL DEFAULT '',
    latest_version  INTEGER      NOT NULL DEFAULT 0,
    created_by      BYTEA        NOT NULL,          -- creatorgov.common.v1.AuditStamp
    create_time     TIMESTAMPTZ  NOT NULL,
    update_time     TIMESTAMPTZ  NOT NULL,
    row_version     BIGINT       NOT NULL DEFAULT 0 -- optimistic lock; the etag derives from it
);

CREATE SEQUENCE policy_version_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE policy_version (
    id              BIGINT       PRIMARY KEY,
    policy_key      VARCHAR(128) NOT NULL REFERENCES policy (policy_key),
    version         INTEGER      NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    document        BYTEA        NOT NULL,          -- PolicyVersion: change_summary, base_content, overlays
    source_version  INTEGER      NOT NULL DEFAULT 0,
    effective_from  TIMESTAMPTZ,
    retired_at      TIMESTAMPTZ,
    author_subject  VARCHAR(200) NOT NULL,
    contributors    TEXT         NOT NULL,          -- newline-separated subjects who created or edited it
    author          BYTEA        NOT NULL,
    last_editor     BYTEA,
    approver        BYTEA,
    publisher       BYTEA,
    retirer         BYTEA,
    create_time     TIMESTAMPTZ  NOT NULL,
    update_time     TIMESTAMPTZ  NOT NULL,
    row_version     BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT policy_version_unique UNIQUE (policy_key, version),
    CONSTRAINT policy_version_state_check
        CHECK (state IN ('DRAFT', 'APPROVED', 'PUBLISHED', 'RETIRED'))
);
CREATE INDEX policy_version_effective_idx
    ON policy_version (policy_key, effective_from) WHERE effective_from IS NOT NULL;

-- At most one policy per kind, except violation catalogues (several may coexist).
CREATE UNIQUE INDEX policy_one_per_kind
    ON policy (kind) WHERE kind <> 'POLICY_KIND_VIOLATION_CATALOGUE';

-- Append-only audit of every change, with its actor.
CREATE SEQUENCE policy_audit_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE policy_audit (
    id              BIGINT       PRIMARY KEY,
    policy_key      VARCHAR(128) NOT NULL,
    version         INTEGER      NOT NULL DEFAULT 0,
    action          VARCHAR(40)  NOT NULL,
    actor_subject   VARCHAR(200) NOT NULL,
    actor_kind      VARCHAR(40)  NOT NULL,
    actor_roles     TEXT         NOT NULL,
    reason          TEXT         NOT NULL DEFAULT '',
    request_id      VARCHAR(128) NOT NULL DEFAULT '',
    occurred_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX policy_audit_key_idx ON policy_audit (policy_key, version);

-- The change feed (WatchPolicyChanges): written in the same transaction as the change.
-- sequence is assigned at insert; consumers resume after the last sequence they processed.
CREATE TABLE policy_change_event (
    sequence        BIGSERIAL    PRIMARY KEY,
    event_id        VARCHAR(64)  NOT NULL UNIQUE,
    event_type      VARCHAR(64)  NOT NULL,
    policy_key      VARCHAR(128) NOT NULL,
    version         INTEGER      NOT NULL,
    markets         TEXT         NOT NULL,          -- comma-separated markets affected
    payload         BYTEA        NOT NULL,          -- PolicyChangeEvent without sequence/resume token
    occurred_at     TIMESTAMPTZ  NOT NULL
);
-- A scheduled version's "became effective" event is emitted exactly once.
CREATE UNIQUE INDEX policy_change_event_once_idx
    ON policy_change_event (policy_key, version, event_type);
