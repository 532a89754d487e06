-- Relance schema. Every row belongs to a firm; synced rows are keyed by (connection, external id),
-- so importing or syncing the same data twice changes nothing.

CREATE TABLE firms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (name <> ''),
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
  time_zone text NOT NULL,
  business_hours jsonb NOT NULL,
  language text NOT NULL CHECK (language IN ('fr', 'en', 'nl', 'de')),
  sender jsonb NOT NULL,
  review_mode boolean NOT NULL DEFAULT true,
  fees jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('quickbooks', 'xero', 'hubspot', 'import')),
  external_tenant_id text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect', 'disconnected')),
  tokens bytea,
  token_expires_at timestamptz,
  checkpoint jsonb,
  last_sync_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform, external_tenant_id)
);
CREATE INDEX connections_firm ON connections (firm_id);

CREATE TABLE procedures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  key text NOT NULL,
  name text NOT NULL,
  steps jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (firm_id, key)
);

CREATE TABLE segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  key text NOT NULL,
  name text NOT NULL,
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  rule jsonb NOT NULL,
  position integer NOT NULL,
  UNIQUE (firm_id, key)
);

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id),
  external_id text NOT NULL,
  name text NOT NULL,
  emails text[] NOT NULL DEFAULT '{}',
  phone text,
  language text CHECK (language IN ('fr', 'en', 'nl', 'de')),
  time_zone text,
  country text,
  segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  segment_manual boolean NOT NULL DEFAULT false,
  payment_terms_days integer,
  credit_limit bigint,
  credit_limit_currency text,
  paused boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  -- When the planner next needs to look at this customer: a tick reads only those due.
  next_wake_at timestamptz DEFAULT '-infinity',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, external_id)
);
CREATE INDEX customers_firm ON customers (firm_id, name);
CREATE INDEX customers_wake ON customers (next_wake_at);

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id),
  customer_id uuid NOT NULL REFERENCES customers (id),
  external_id text NOT NULL,
  number text NOT NULL,
  issue_date date NOT NULL,
  due_date date,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  total bigint NOT NULL,
  open_balance bigint NOT NULL,
  -- True when the source gave no balance (an import without one): it is total minus allocations.
  open_balance_derived boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'deleted')),
  payment_link text,
  disputed boolean NOT NULL DEFAULT false,
  paused boolean NOT NULL DEFAULT false,
  -- offsetDays of the last procedure step carried out or skipped for this invoice.
  step_done_offset integer,
  external jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, external_id)
) WITH (fillfactor = 85); -- room on each page for HOT updates of step_done_offset and balances
CREATE INDEX invoices_customer ON invoices (customer_id);
CREATE INDEX invoices_firm_open ON invoices (firm_id, due_date) WHERE status = 'open';

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id),
  customer_id uuid REFERENCES customers (id),
  external_id text NOT NULL,
  date date NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount bigint NOT NULL,
  unapplied bigint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'void', 'deleted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, external_id)
);
CREATE INDEX payments_customer ON payments (customer_id);

CREATE TABLE payment_allocations (
  payment_id uuid NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  amount bigint NOT NULL,
  PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_invoice ON payment_allocations (invoice_id);

CREATE TABLE credit_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id),
  customer_id uuid REFERENCES customers (id),
  external_id text NOT NULL,
  number text NOT NULL,
  date date NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  total bigint NOT NULL,
  remaining bigint NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'void', 'deleted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, external_id)
);

CREATE TABLE credit_allocations (
  credit_note_id uuid NOT NULL REFERENCES credit_notes (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  amount bigint NOT NULL,
  date date NOT NULL,
  PRIMARY KEY (credit_note_id, invoice_id)
);
CREATE INDEX credit_allocations_invoice ON credit_allocations (invoice_id);

-- What the planner decided. The key is deterministic, so deciding twice records once.
CREATE TABLE actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id),
  key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('step', 'instalment_reminder', 'instalment_missed')),
  procedure_id uuid,
  step_id text,
  step_offset integer,
  channel text NOT NULL,
  template text NOT NULL,
  tone smallint NOT NULL,
  states_fees boolean NOT NULL DEFAULT false,
  registered boolean NOT NULL DEFAULT false,
  plan_id uuid,
  instalment_index integer,
  after_broken_promise boolean NOT NULL DEFAULT false,
  target_date date NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'awaiting_approval', 'sent', 'done', 'cancelled', 'skipped', 'failed')),
  status_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (firm_id, key)
);
CREATE INDEX actions_customer ON actions (customer_id, created_at);
CREATE INDEX actions_pending ON actions (due_at) WHERE status = 'pending';

CREATE TABLE action_invoices (
  action_id uuid NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (action_id, invoice_id)
);
CREATE INDEX action_invoices_invoice ON action_invoices (invoice_id);

CREATE TABLE promises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id),
  promised_date date NOT NULL,
  amount bigint,
  currency text,
  grace_days integer NOT NULL DEFAULT 2,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE INDEX promises_customer ON promises (customer_id) WHERE status = 'open';

CREATE TABLE promise_invoices (
  promise_id uuid NOT NULL REFERENCES promises (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (promise_id, invoice_id)
);

CREATE TABLE payment_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id),
  currency text NOT NULL,
  instalments jsonb NOT NULL,
  starting_balance bigint NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz
);
CREATE INDEX payment_plans_customer ON payment_plans (customer_id) WHERE status = 'active';

CREATE TABLE plan_invoices (
  plan_id uuid NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,
  invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, invoice_id)
);

CREATE TABLE disputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id),
  invoice_id uuid NOT NULL REFERENCES invoices (id),
  reason_code text NOT NULL CHECK (reason_code IN ('quality', 'wrong_invoice', 'cannot_pay', 'other')),
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution text,
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolved_by text,
  resolved_at timestamptz
);
CREATE UNIQUE INDEX disputes_one_open ON disputes (invoice_id) WHERE status = 'open';

CREATE TABLE notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id),
  invoice_id uuid REFERENCES invoices (id),
  body text NOT NULL,
  author text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notes_customer ON notes (customer_id, created_at);

-- The worklist.
CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  customer_id uuid REFERENCES customers (id),
  action_id uuid UNIQUE REFERENCES actions (id),
  kind text NOT NULL CHECK (kind IN ('call', 'agency_review', 'approval', 'promise_check', 'dispute', 'bounce', 'manual')),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  due_date date NOT NULL,
  assignee text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_by text,
  done_at timestamptz
);
CREATE INDEX tasks_open ON tasks (firm_id, due_date) WHERE status = 'open';

-- Who did what, when: every decision and every change a person or the system makes.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_firm ON audit_log (firm_id, at);
