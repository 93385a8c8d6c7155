-- incentive-service schema, part 7: what the incentive feed last told the recommendation system
-- about each enrolment's traffic boost. One row per enrolment of a programme with a TRAFFIC_BOOST
-- rule, written in the transaction of every change that may start or stop the boost (enrolment
-- moves, programme moves, the window's start): `granted` flips only together with the
-- TRAFFIC_BOOST_GRANTED / _REVOKED event, so each start and stop is announced exactly once.
CREATE TABLE traffic_boost (
    enrollment_id        VARCHAR(64)   PRIMARY KEY REFERENCES enrollment (enrollment_id),
    program_id           VARCHAR(64)   NOT NULL REFERENCES program (program_id),
    granted              BOOLEAN       NOT NULL,
    multiplier_permille  INTEGER       NOT NULL,
    change_time          TIMESTAMPTZ   NOT NULL     -- of the last announcement (or the row's creation)
);

CREATE INDEX traffic_boost_program_idx ON traffic_boost (program_id);
-- The window-start round looks for boosts not granted yet.
CREATE INDEX traffic_boost_pending_idx ON traffic_boost (program_id) WHERE NOT granted;
