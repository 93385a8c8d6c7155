-- A ban or suspension lifted by a reversal outside an appeal (enforcement-service
-- ReverseEnforcementAction) records the basis of the reversal instead of an appeal id.
ALTER TABLE status_history ADD COLUMN reversal_basis text NOT NULL DEFAULT '';
