-- The incentive change feed (StreamIncentiveEvents reads it; programme state changes are written
-- from the start, payouts, enrolments and boosts join as they are built). Each row is written in
-- the transaction of its change, under the feed's advisory lock, so sequence order is commit order.
CREATE TABLE incentive_event (
    sequence      BIGSERIAL    PRIMARY KEY,
    event_id      VARCHAR(64)  NOT NULL UNIQUE,
    program_id    VARCHAR(64)  NOT NULL,
    creator_id    VARCHAR(256) NOT NULL DEFAULT '',      -- empty for PROGRAM_STATE_CHANGED
    market        VARCHAR(2)   NOT NULL,
    event_type    VARCHAR(64)  NOT NULL,
    payload       BYTEA        NOT NULL,                 -- IncentiveEvent without sequence/token
    occurred_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX incentive_event_occurred_at_idx ON incentive_event (occurred_at);

-- Change-feed retention (io.creatorgov.kit.feed.FeedRetention): the highest deleted sequence per
-- feed, so a resume token from before it is refused with RESUME_TOKEN_EXPIRED.
CREATE TABLE kit_feed_horizon (
    feed_table     VARCHAR(100) PRIMARY KEY,
    purged_through BIGINT       NOT NULL,
    purged_at      TIMESTAMPTZ  NOT NULL
);
