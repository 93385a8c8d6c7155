-- The expiry job asks every second which restrictions and suspensions are due. Partial indexes keep
-- that query on the few rows that can be due (ACTIVE restrictions with an end, SUSPENDED creators)
-- instead of scanning every restriction and creator ever stored.
CREATE INDEX restriction_due_idx ON restriction (end_time) WHERE state = 'ACTIVE' AND end_time IS NOT NULL;
CREATE INDEX creator_suspension_due_idx ON creator (suspension_end_time)
    WHERE status = 'CREATOR_STATUS_SUSPENDED';
