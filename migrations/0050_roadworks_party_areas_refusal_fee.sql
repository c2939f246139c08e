-- Road works (issue 15): the police station and bus operator asked for consent depend on the municipality
-- (configured by staff per AGS; demo addresses for the Enzkreis), the consent row keeps whom it asked, and a
-- refusal carries its fee decision, paid through the payment port.

CREATE TABLE roadworks_party_contacts (
  ags        text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  party      text NOT NULL CHECK (party IN ('police', 'bus')),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email      text NOT NULL CHECK (length(email) BETWEEN 3 AND 200),
  is_demo    boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  PRIMARY KEY (ags, party)
);

-- Whom the request went to ("Polizeirevier Mühlacker"); NULL for requests before this migration or without an address.
ALTER TABLE roadworks_consents ADD COLUMN invited_name text CHECK (length(invited_name) <= 200);

-- The refusal's fee decision: the fee set in the notice and when it was paid (or covered by the paid order fee).
ALTER TABLE roadworks_refusals
  ADD COLUMN fee_cents  integer NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
  ADD COLUMN paid_at    timestamptz,
  ADD COLUMN signed_by  text NOT NULL DEFAULT '' CHECK (length(signed_by) <= 200);
