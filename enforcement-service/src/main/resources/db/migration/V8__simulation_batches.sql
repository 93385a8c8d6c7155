-- A simulation replays its window in batches of creators, keyset-paged in (market, creator id)
-- order: this index serves "the next creators with a violation observed in the window" without
-- sorting the whole window for every batch.
CREATE INDEX violation_market_creator_observed_idx ON violation (market, creator_id, observed_at);
