-- Indexes for the read RPCs. ListViolations is newest observed_at first and
-- ListEnforcementActions newest start_at first, both continued by a keyset on (time, id); each
-- index serves the filter the listing most often carries (a creator, a market, or none: an
-- auditor's whole listing) in exactly that order, so a page is an index range scan with a limit.
-- (V2 is reserved for another change.)

CREATE INDEX violation_creator_observed_idx
    ON violation (creator_id, observed_at DESC, violation_id DESC);
CREATE INDEX violation_market_observed_idx
    ON violation (market, observed_at DESC, violation_id DESC);
CREATE INDEX violation_observed_idx
    ON violation (observed_at DESC, violation_id DESC);

CREATE INDEX enforcement_action_creator_start_idx
    ON enforcement_action (creator_id, start_at DESC, action_id DESC);
CREATE INDEX enforcement_action_market_start_idx
    ON enforcement_action (market, start_at DESC, action_id DESC);
CREATE INDEX enforcement_action_start_idx
    ON enforcement_action (start_at DESC, action_id DESC);
-- ListEnforcementActions by violation_id (the foreign key has no index of its own)
CREATE INDEX enforcement_action_violation_idx
    ON enforcement_action (violation_id);
-- GetCreatorStanding's actions in force and the deliveries of a page of actions are served by
-- enforcement_action_creator_market_idx (V1) and action_delivery's UNIQUE (action_id, purpose).
