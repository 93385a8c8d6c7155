-- Rows hold the service's own vocabulary (short names such as ACTIVE, held by the domain enums of
-- io.creatorgov.creator.domain) instead of the contract's enum names (CREATOR_STATUS_ACTIVE): the
-- API maps between the two, so the contract can evolve without rewriting rows. Existing values are
-- rewritten in place, and CHECK constraints keep anything else out.

-- creator: status and tier (UNSPECIFIED, the tier before activation, is NONE).
ALTER TABLE creator ALTER COLUMN tier SET DEFAULT 'NONE';
UPDATE creator
   SET status = regexp_replace(status, '^CREATOR_STATUS_', ''),
       tier   = CASE WHEN tier = 'CREATOR_TIER_UNSPECIFIED' THEN 'NONE'
                     ELSE regexp_replace(tier, '^CREATOR_TIER_', '') END;
ALTER TABLE creator
    ADD CONSTRAINT creator_status_check
        CHECK (status IN ('APPLIED', 'ACTIVE', 'RESTRICTED', 'SUSPENDED', 'BANNED', 'OFFBOARDED')),
    ADD CONSTRAINT creator_tier_check
        CHECK (tier IN ('NONE', 'BRONZE', 'SILVER', 'GOLD', 'PLATINUM'));

-- The expiry job's partial index names the status.
DROP INDEX creator_suspension_due_idx;
CREATE INDEX creator_suspension_due_idx ON creator (suspension_end_time) WHERE status = 'SUSPENDED';

-- status_history: the REGISTERED entry has no status before (NULL instead of UNSPECIFIED), and an
-- entry without a reversal basis has NULL instead of ''.
ALTER TABLE status_history ALTER COLUMN from_status DROP NOT NULL;
ALTER TABLE status_history ALTER COLUMN reversal_basis DROP NOT NULL;
ALTER TABLE status_history ALTER COLUMN reversal_basis DROP DEFAULT;
UPDATE status_history
   SET kind           = regexp_replace(kind, '^STATUS_CHANGE_KIND_', ''),
       from_status    = CASE WHEN from_status = 'CREATOR_STATUS_UNSPECIFIED' THEN NULL
                             ELSE regexp_replace(from_status, '^CREATOR_STATUS_', '') END,
       to_status      = regexp_replace(to_status, '^CREATOR_STATUS_', ''),
       reversal_basis = CASE WHEN reversal_basis = '' THEN NULL
                             ELSE regexp_replace(reversal_basis, '^REVERSAL_BASIS_', '') END;
ALTER TABLE status_history
    ADD CONSTRAINT status_history_kind_check
        CHECK (kind IN ('REGISTERED', 'ACTIVATED', 'RESTRICTED', 'RESTRICTIONS_CLEARED', 'SUSPENDED',
                        'REINSTATED', 'SUSPENSION_EXPIRED', 'BANNED', 'UNBANNED', 'OFFBOARDED')),
    ADD CONSTRAINT status_history_from_status_check
        CHECK (from_status IN ('APPLIED', 'ACTIVE', 'RESTRICTED', 'SUSPENDED', 'BANNED', 'OFFBOARDED')),
    ADD CONSTRAINT status_history_to_status_check
        CHECK (to_status IN ('APPLIED', 'ACTIVE', 'RESTRICTED', 'SUSPENDED', 'BANNED', 'OFFBOARDED')),
    ADD CONSTRAINT status_history_reversal_basis_check
        CHECK (reversal_basis IN ('OPERATOR_ERROR', 'OUT_OF_COURT_SETTLEMENT', 'COURT_ORDER'));

-- restriction: the type (the state already held short names).
UPDATE restriction SET type = regexp_replace(type, '^RESTRICTION_TYPE_', '');
ALTER TABLE restriction
    ADD CONSTRAINT restriction_type_check
        CHECK (type IN ('LIVE_DISABLED', 'TRAFFIC_LIMITED', 'COMMISSION_FROZEN',
                        'CAMPAIGN_INELIGIBLE', 'ADS_INELIGIBLE')),
    ADD CONSTRAINT restriction_state_check CHECK (state IN ('ACTIVE', 'LIFTED', 'EXPIRED'));

-- onboarding_submission: the item kind.
UPDATE onboarding_submission SET kind = regexp_replace(kind, '^ONBOARDING_ITEM_KIND_', '');
ALTER TABLE onboarding_submission
    ADD CONSTRAINT onboarding_submission_kind_check
        CHECK (kind IN ('IDENTITY_VERIFICATION', 'TAX_PROFILE', 'POLICY_ACKNOWLEDGEMENT'));

-- creator_event: the event type column (the payload stays the contract's CreatorEvent).
UPDATE creator_event SET event_type = regexp_replace(event_type, '^CREATOR_EVENT_TYPE_', '');
ALTER TABLE creator_event
    ADD CONSTRAINT creator_event_type_check
        CHECK (event_type IN ('CREATOR_REGISTERED', 'CREATOR_ACTIVATED', 'PROFILE_UPDATED',
                              'STATUS_CHANGED', 'RESTRICTION_APPLIED', 'RESTRICTION_ENDED',
                              'COMMISSION_CHANGED', 'TIER_CHANGED'));
