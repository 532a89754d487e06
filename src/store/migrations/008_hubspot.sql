-- HubSpot: which CRM company each accounting customer is (and how that was decided), what Relance
-- writes into the CRM (notes, call tasks) under idempotency keys, and the request signatures seen
-- recently from HubSpot (a replayed card request is refused).

-- One row per customer of a firm with a HubSpot connection. status 'linked' has a company_id;
-- 'ambiguous' lists its candidates and waits for a person; 'unmatched' found nothing. A manual
-- choice (method 'manual', company or none) is never overwritten by a later automatic match.
CREATE TABLE hubspot_links (
  customer_id uuid PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('linked', 'ambiguous', 'unmatched')),
  method text CHECK (method IN ('domain', 'name', 'manual')),
  company_id text,
  company_name text,
  owner_id text,
  candidates jsonb NOT NULL DEFAULT '[]',
  -- The contact at the company whose e-mail is the customer's, once looked up (null: none found).
  contact_id text,
  contact_checked boolean NOT NULL DEFAULT false,
  -- The company property values last written, so an unchanged customer costs no request.
  properties_sent jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'linked') = (company_id IS NOT NULL))
);
CREATE INDEX hubspot_links_company ON hubspot_links (connection_id, company_id);
CREATE INDEX hubspot_links_firm ON hubspot_links (firm_id, status);

-- Notes and call tasks for the CRM, queued with the decision or send they report.
CREATE TABLE hubspot_writebacks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('note', 'call_task', 'task_done')),
  payload jsonb NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'working', 'done', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz NOT NULL DEFAULT now(),
  external_id text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz
);
CREATE INDEX hubspot_writebacks_pending ON hubspot_writebacks (not_before) WHERE status IN ('pending', 'working');

-- X-HubSpot-Signature-v3 values accepted within the last five minutes (older ones fail the clock check).
CREATE TABLE hubspot_seen_signatures (
  signature text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hubspot_seen_signatures_at ON hubspot_seen_signatures (seen_at);
