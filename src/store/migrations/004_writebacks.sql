-- What Relance writes back into the host (notes, a collection status, a promised payment date),
-- queued in the same transaction as the decision or the send it reports, under an idempotency key,
-- and carried out by a job: a crash loses nothing and a retry writes nothing twice.
CREATE TABLE writebacks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('note', 'status', 'expected_payment_date')),
  payload jsonb NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'working', 'done', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz
);
CREATE INDEX writebacks_pending ON writebacks (not_before) WHERE status IN ('pending', 'working');
