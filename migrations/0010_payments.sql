-- Payments (issue 4, items 6 and 7): transactions with a payment provider (XBezahldienste semantics),
-- verified provider notifications, and open items (fines) that can be paid by Kassenzeichen.

CREATE TABLE payment_transactions (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- requestId of the paymentRequest sent to the provider (retries send the same one).
  request_id                text NOT NULL UNIQUE,
  provider                  text NOT NULL,
  provider_transaction_id   text,
  -- What is paid: an application submission or an open item (fine); subject_id is its id/Kassenzeichen.
  subject_type              text NOT NULL CHECK (subject_type IN ('application', 'fine')),
  subject_id                text NOT NULL,
  -- Our booked state. Transitions: INITIAL → PAYED | CANCELED | FAILED; final states never change.
  status                    text NOT NULL DEFAULT 'INITIAL' CHECK (status IN ('INITIAL', 'PAYED', 'CANCELED', 'FAILED')),
  -- What the provider said last (a PAYED here with another status above is a discrepancy).
  provider_status           text CHECK (provider_status IN ('INITIAL', 'PAYED', 'CANCELED', 'FAILED')),
  amount_cents              integer NOT NULL CHECK (amount_cents > 0),
  currency                  text NOT NULL DEFAULT 'EUR',
  purpose                   text NOT NULL,            -- Verwendungszweck
  reference                 text NOT NULL,            -- Kassenzeichen / Aktenzeichen printed on the receipt
  items                     jsonb NOT NULL,           -- line items with booking data (Haushaltsstelle, Objektnummer)
  redirect_url              text,                     -- the provider's pay page for this transaction
  return_path               text NOT NULL,            -- where the citizen lands after the provider
  payment_method            text,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  paid_at                   timestamptz,
  status_checked_at         timestamptz,
  CHECK ((status = 'PAYED') = (paid_at IS NOT NULL))
);
-- The rule that makes double payment impossible: at most one open or paid transaction per subject.
-- A second payment request for the same fine or application finds the first (idempotent start), and a
-- concurrent one fails on this index.
CREATE UNIQUE INDEX payment_transactions_one_live ON payment_transactions (subject_type, subject_id) WHERE status IN ('INITIAL', 'PAYED');
CREATE INDEX payment_transactions_created ON payment_transactions (created_at DESC);
CREATE INDEX payment_transactions_open ON payment_transactions (created_at) WHERE status = 'INITIAL';
CREATE UNIQUE INDEX payment_transactions_provider_id ON payment_transactions (provider, provider_transaction_id) WHERE provider_transaction_id IS NOT NULL;

-- Every accepted provider notification, by the provider's notification id: a replay finds its row.
CREATE TABLE payment_notifications (
  provider         text NOT NULL,
  notification_id  text NOT NULL,
  transaction_id   uuid REFERENCES payment_transactions(id),
  status           text NOT NULL,
  body_hash        text NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, notification_id)
);

-- Open items from the specialist software (Bußgeldverfahren): paid online by Kassenzeichen.
CREATE TABLE payment_open_items (
  kassenzeichen        text PRIMARY KEY CHECK (kassenzeichen ~ '^[A-Z0-9][A-Z0-9./-]{3,39}$'),
  plate                text CHECK (plate IS NULL OR plate ~ '^[A-ZÄÖÜ0-9]{2,10}$'),  -- normalised: upper case, no spaces or hyphens
  amount_cents         integer NOT NULL CHECK (amount_cents > 0 AND amount_cents <= 100000000),
  due_date             date NOT NULL,
  description          text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'withdrawn')),
  paid_transaction_id  uuid UNIQUE REFERENCES payment_transactions(id),
  source               text NOT NULL CHECK (source IN ('csv', 'api')),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'paid') = (paid_transaction_id IS NOT NULL))
);
