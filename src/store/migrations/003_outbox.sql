-- The outbox: an action is claimed for a while (a lease), its effect performed under a key recorded
-- before the effect (the e-mail's Message-ID, the SMS's idempotency key), then marked done.
ALTER TABLE actions DROP CONSTRAINT actions_status_check;
ALTER TABLE actions ADD CONSTRAINT actions_status_check
  CHECK (status IN ('pending', 'awaiting_approval', 'sending', 'sent', 'done', 'cancelled', 'skipped', 'failed'));
ALTER TABLE actions
  ADD COLUMN effect_key text,
  ADD COLUMN claimed_by text,
  ADD COLUMN claimed_until timestamptz,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN sent_at timestamptz,
  ADD COLUMN provider_id text,
  ADD COLUMN last_error text;
CREATE UNIQUE INDEX actions_effect_key ON actions (effect_key) WHERE effect_key IS NOT NULL;
CREATE INDEX actions_sending ON actions (claimed_until) WHERE status = 'sending';

-- Letters and formal notices as sent: kept with the firm's data, downloadable.
CREATE TABLE letters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id),
  action_id uuid NOT NULL UNIQUE REFERENCES actions (id),
  registered boolean NOT NULL,
  pdf bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Addresses that bounced: not used again until someone fixes them.
CREATE TABLE bounced_addresses (
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  address text NOT NULL,
  reason text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (firm_id, address)
);
