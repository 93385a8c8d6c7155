-- incentive-service schema, part 3: enrolments. At most one enrolment per (programme, creator):
-- the unique constraint is what makes two concurrent Enroll calls of one creator (different
-- request ids) end with one enrolment and one ALREADY_EXISTS.
CREATE TABLE enrollment (
    enrollment_id          VARCHAR(64)   PRIMARY KEY,
    program_id             VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    creator_id             VARCHAR(256)  NOT NULL,
    market                 VARCHAR(2)    NOT NULL,                -- the programme's, denormalised
    state                  VARCHAR(16)   NOT NULL,
    state_reason           VARCHAR(32)   NOT NULL,
    state_message          TEXT          NOT NULL DEFAULT '',
    enroll_time            TIMESTAMPTZ   NOT NULL,
    state_change_time      TIMESTAMPTZ   NOT NULL,
    evaluation             BYTEA         NOT NULL,                -- the admitting evaluation (stored form)
    enforcement_action_id  VARCHAR(64)   NOT NULL DEFAULT '',
    inactive_intervals     BYTEA         NOT NULL,                -- closed ones, oldest first (stored form)
    created                BYTEA         NOT NULL,                -- AuditStamp
    last_updated           BYTEA         NOT NULL,                -- AuditStamp
    create_time            TIMESTAMPTZ   NOT NULL,
    update_time            TIMESTAMPTZ   NOT NULL,
    row_version            BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT enrollment_program_creator_unique UNIQUE (program_id, creator_id)
);

-- ListEnrollments: oldest first (enroll_time, enrollment_id), by programme, by creator, by market.
CREATE INDEX enrollment_listing_idx ON enrollment (enroll_time, enrollment_id);
CREATE INDEX enrollment_creator_idx ON enrollment (creator_id, enroll_time, enrollment_id);
CREATE INDEX enrollment_market_idx ON enrollment (market, state, enroll_time, enrollment_id);
