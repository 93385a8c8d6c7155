-- Manual actions and the replacements of appeals decided MODIFY.

-- The catalogue code an action's ground cites (the statement's ground.violation_code): the
-- violation's code for decided actions, the cited code (if any) for manual ones.
ALTER TABLE enforcement_action ADD COLUMN violation_code VARCHAR(64);
UPDATE enforcement_action a SET violation_code = v.violation_code
    FROM violation v WHERE v.violation_id = a.violation_id;

-- A MODIFY decision: the appealed action is replaced_by the replacement, which replaces it.
ALTER TABLE enforcement_action
    ADD COLUMN replaces_action_id    VARCHAR(64) REFERENCES enforcement_action (action_id),
    ADD COLUMN replaced_by_action_id VARCHAR(64) REFERENCES enforcement_action (action_id);
ALTER TABLE appeal ADD COLUMN replacement_action_id VARCHAR(64) REFERENCES enforcement_action (action_id);
