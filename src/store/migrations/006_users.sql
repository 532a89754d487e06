-- The people who use the panel (issue #5). A user is known by the platform they signed in through
-- and that platform's id for them (Intuit's OpenID `sub`, Xero's `xero_userid`), once per firm:
-- the same person in two firms is two rows, each with its own role. The first user of a firm is
-- its owner; later ones are controllers until an owner says otherwise.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  firm_id uuid NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('quickbooks', 'xero', 'hubspot')),
  platform_user_id text NOT NULL CHECK (platform_user_id <> ''),
  email text,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'controller', 'viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (firm_id, platform, platform_user_id)
);
-- Switching firms finds the same person's row in another firm.
CREATE INDEX users_platform_user ON users (platform, platform_user_id);
