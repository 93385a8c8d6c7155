-- StatusHistoryEntry.sequence is the position in the creator's own history (1, 2, 3, ...), not the
-- table-wide identity: number the existing rows per creator, then keep it unique per creator.
ALTER TABLE status_history ADD COLUMN creator_sequence BIGINT;
UPDATE status_history h
   SET creator_sequence = n.rn
  FROM (SELECT sequence, row_number() OVER (PARTITION BY creator_id ORDER BY sequence) AS rn
          FROM status_history) n
 WHERE h.sequence = n.sequence;
ALTER TABLE status_history ALTER COLUMN creator_sequence SET NOT NULL;
CREATE UNIQUE INDEX status_history_creator_sequence_idx ON status_history (creator_id, creator_sequence);
