-- The statement of reasons' redress texts (DSA art. 17(3)(f)) as they were when the action was
-- decided; language_code (V1) is now filled per market.
ALTER TABLE enforcement_action
    ADD COLUMN out_of_court_info     VARCHAR(2000),
    ADD COLUMN judicial_redress_info VARCHAR(2000);
