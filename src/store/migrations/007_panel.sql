-- The panel (issue #5): the session secret when none is configured, firm overrides of the built-in
-- message texts, who looks after a customer, and indexes for the panel's read models.

-- Secrets every process of one installation must share (the panel sessions' signing key when
-- RELANCE_SESSION_SECRET is unset). Generated once, by whichever process needs it first.
CREATE TABLE app_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A firm's own wording of a built-in template in one language; delivery's composer uses it when present.
CREATE TABLE template_overrides (
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  template text NOT NULL,
  language text NOT NULL CHECK (language IN ('fr', 'en', 'nl', 'de')),
  subject text NOT NULL,
  body text NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (firm_id, template, language)
);

-- The person (a user id) who looks after a customer; checked against the firm's users by the API.
ALTER TABLE customers ADD COLUMN assignee_id uuid;

-- Open invoices of one firm by customer: the customer list and the overview aggregate from it.
CREATE INDEX invoices_firm_customer_open ON invoices (firm_id, customer_id) INCLUDE (currency, open_balance, due_date, disputed, paused)
  WHERE status = 'open';
-- A customer's timeline and the firm's recent sends.
CREATE INDEX notes_firm ON notes (firm_id, created_at);
CREATE INDEX promises_firm ON promises (firm_id, status);
CREATE INDEX disputes_customer ON disputes (customer_id, opened_at);
CREATE INDEX tasks_customer ON tasks (customer_id, created_at);
CREATE INDEX payments_firm_date ON payments (firm_id, date);
CREATE INDEX actions_firm_pending ON actions (firm_id, customer_id, due_at) WHERE status IN ('pending', 'awaiting_approval');
-- Pauses on a customer's timeline come from the audit log, by entity.
CREATE INDEX audit_log_entity ON audit_log (firm_id, entity_id);
