-- Policy simulations (CreateSimulation and friends): a candidate policy version replayed over a
-- pinned window of real violations. A simulation writes only these tables: never violation,
-- enforcement_action, action_delivery, creator_standing or the change feed.

CREATE TABLE simulation (
    simulation_id           VARCHAR(64)   PRIMARY KEY,
    policy_key              VARCHAR(256)  NOT NULL,
    policy_version          INTEGER       NOT NULL,
    candidate_content_hash  VARCHAR(64)   NOT NULL,               -- SHA-256 of the base content read at creation
    markets                 VARCHAR(200)  NOT NULL,               -- comma-separated, sorted
    window_start            TIMESTAMPTZ   NOT NULL,               -- violations observed in [start, end)
    window_end              TIMESTAMPTZ   NOT NULL,
    state                   VARCHAR(16)   NOT NULL
        CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    progress_percent        INTEGER       NOT NULL DEFAULT 0,
    summary                 BYTEA,                                -- totals, per market, missing codes (a Simulation message holding only those)
    violations_replayed     BIGINT        NOT NULL DEFAULT 0,
    decisions_changed       BIGINT        NOT NULL DEFAULT 0,
    error                   VARCHAR(2000),
    attempts                INTEGER       NOT NULL DEFAULT 0,
    lease_until             TIMESTAMPTZ,                          -- RUNNING: a worker holds it until then
    created_by              VARCHAR(256)  NOT NULL,
    created_actor           BYTEA         NOT NULL,               -- the creator's Actor (audit stamp)
    created_request_id      VARCHAR(128)  NOT NULL,
    created_at              TIMESTAMPTZ   NOT NULL,
    start_at                TIMESTAMPTZ,
    end_at                  TIMESTAMPTZ,
    updated_at              TIMESTAMPTZ   NOT NULL,
    etag_version            BIGINT        NOT NULL DEFAULT 1
);
-- ListSimulations: newest first, ties by id
CREATE INDEX simulation_created_idx ON simulation (created_at DESC, simulation_id DESC);
-- the worker's claim and the running-simulations limit
CREATE INDEX simulation_active_idx ON simulation (created_at) WHERE state IN ('PENDING', 'RUNNING');

-- The candidate as read from policy-service at creation, resolved for each market replayed
-- (base with that market's overlay): the worker replays exactly what was pinned.
CREATE TABLE simulation_candidate (
    simulation_id  VARCHAR(64)  NOT NULL REFERENCES simulation (simulation_id) ON DELETE CASCADE,
    market         VARCHAR(2)   NOT NULL,
    resolved       BYTEA        NOT NULL,                          -- creatorgov.policy.v1.ResolvedPolicy
    PRIMARY KEY (simulation_id, market)
);

-- One row per (creator, market) whose outcome differs; written with the SUCCEEDED state only.
CREATE TABLE simulation_result (
    simulation_id  VARCHAR(64)   NOT NULL REFERENCES simulation (simulation_id) ON DELETE CASCADE,
    market         VARCHAR(2)    NOT NULL,
    creator_id     VARCHAR(256)  NOT NULL,
    change_kind    VARCHAR(16)   NOT NULL,                         -- ADDED / REMOVED / ESCALATED / DE_ESCALATED / CHANGED
    decisions      INTEGER       NOT NULL,
    payload        BYTEA         NOT NULL,                         -- creatorgov.enforcement.v1.SimulationResult
    PRIMARY KEY (simulation_id, market, creator_id)
);
-- ListSimulationResults filtered by change kind, in (market, creator) order
CREATE INDEX simulation_result_kind_idx ON simulation_result (simulation_id, change_kind, market, creator_id);
