-- Malformed records a platform sent: recorded and skipped, so a sync completes and a person can see
-- what was left out. One row per record, updated when it recurs.
CREATE TABLE sync_issues (
  id bigserial PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  entity text NOT NULL,
  external_id text NOT NULL DEFAULT '',
  reason text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, entity, external_id)
);
