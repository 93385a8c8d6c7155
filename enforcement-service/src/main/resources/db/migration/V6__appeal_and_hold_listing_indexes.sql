-- Indexes for ListAppeals and ListCommissionHolds, both oldest created_at first and continued by
-- a keyset on (created_at, id). V2 already serves a creator's appeals and holds
-- (appeal_creator_idx, commission_hold_creator_idx), the review queue of a market and state
-- (appeal_queue_idx) and a market's holds (commission_hold_market_idx); the action_id filters use
-- the UNIQUE constraints. What is left: a market's appeals in any state, the whole listing of an
-- unscoped reader, and the payouts system's work list (a market's HELD holds, few among the
-- settled ones) without walking every settled hold. (V4 and V5 are reserved for other changes.)

CREATE INDEX appeal_market_created_idx ON appeal (market, created_at, appeal_id);
CREATE INDEX appeal_created_idx ON appeal (created_at, appeal_id);

CREATE INDEX commission_hold_state_market_idx
    ON commission_hold (state, market, created_at, hold_id);
CREATE INDEX commission_hold_created_idx ON commission_hold (created_at, hold_id);
