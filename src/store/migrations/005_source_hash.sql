-- A digest of each payment's and credit note's content as the source last gave it (allocations
-- included): a sync compares one value instead of re-reading every allocation, and skips rows that
-- have not changed.
ALTER TABLE payments ADD COLUMN source_hash text;
ALTER TABLE credit_notes ADD COLUMN source_hash text;
