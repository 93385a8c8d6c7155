-- Change-feed retention (io.creatorgov.kit.feed.FeedRetention): events older than
-- creatorgov.feed.retention are deleted; the highest deleted sequence per feed is kept so a
-- resume token from before it is refused with RESUME_TOKEN_EXPIRED instead of skipping events.
CREATE TABLE kit_feed_horizon (
    feed_table     VARCHAR(100) PRIMARY KEY,
    purged_through BIGINT       NOT NULL,
    purged_at      TIMESTAMPTZ  NOT NULL
);

CREATE INDEX policy_change_event_occurred_at_idx ON policy_change_event (occurred_at);
