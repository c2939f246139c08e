-- Orchard-meadow exchange (Streuobstwiesen-Börse, issue 16): listings, equipment lending, messages
-- between poster and interested person, reports and moderation. Overlapping confirmed loans of one
-- item are impossible: an exclusion constraint (btree_gist + daterange) refuses them (ADR 0030).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE orchard_listings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('meadow_lease','meadow_sale','meadow_care','harvest_wanted','harvest_offered','fruit','tree_care','pressing')),
  title         text NOT NULL CHECK (char_length(title) BETWEEN 3 AND 120),
  description   text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 4000),
  ags           char(8) NOT NULL,
  ars           char(12) NOT NULL,
  municipality_name text NOT NULL,
  area_m2       integer CHECK (area_m2 BETWEEN 1 AND 10000000),
  trees         integer CHECK (trees BETWEEN 0 AND 100000),
  varieties     text CHECK (char_length(varieties) <= 300),
  expires_on    date NOT NULL,
  -- The citizen who posted it; null for demo and county listings (then publisher names who offers it).
  owner_id      uuid REFERENCES users(id) ON DELETE SET NULL,
  publisher     text NOT NULL,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active','withdrawn','hidden')),
  hidden_reason text,
  -- When the owner was told the listing is about to expire (reset when the expiry changes).
  expiry_reminded_at timestamptz,
  demo_key      text UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orchard_listings_visible ON orchard_listings (expires_on) WHERE status = 'active';
CREATE INDEX orchard_listings_owner ON orchard_listings (owner_id);

CREATE TABLE orchard_items (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (char_length(name) BETWEEN 3 AND 120),
  description   text NOT NULL CHECK (char_length(description) <= 4000),
  ags           char(8) NOT NULL,
  ars           char(12) NOT NULL,
  municipality_name text NOT NULL,
  deposit_cents integer NOT NULL DEFAULT 0 CHECK (deposit_cents BETWEEN 0 AND 1000000),
  owner_id      uuid REFERENCES users(id) ON DELETE SET NULL,
  publisher     text NOT NULL,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active','withdrawn')),
  demo_key      text UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Loans: days is a daterange of whole days, '[first, last+1)'. Only confirmed loans block the item.
CREATE TABLE orchard_loans (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id       uuid NOT NULL REFERENCES orchard_items(id) ON DELETE CASCADE,
  borrower_id   uuid REFERENCES users(id) ON DELETE SET NULL,
  borrower_name text NOT NULL,
  days          daterange NOT NULL CHECK (NOT isempty(days) AND lower_inc(days) AND NOT upper_inc(days) AND upper(days) - lower(days) <= 31),
  note          text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
  status        text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested','confirmed','declined','cancelled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  CONSTRAINT orchard_no_overlapping_loans EXCLUDE USING gist (item_id WITH =, days WITH &&) WHERE (status = 'confirmed')
);
CREATE INDEX orchard_loans_item ON orchard_loans (item_id, status);
CREATE INDEX orchard_loans_borrower ON orchard_loans (borrower_id);

-- A conversation between the poster of a listing (or the owner of an item) and one interested person
-- (e-mail addresses never shown).
CREATE TABLE orchard_conversations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id    uuid REFERENCES orchard_listings(id) ON DELETE CASCADE,
  item_id       uuid REFERENCES orchard_items(id) ON DELETE CASCADE,
  owner_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  interested_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  owner_name    text NOT NULL,
  interested_name text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (listing_id, interested_id),
  UNIQUE (item_id, interested_id),
  CHECK (num_nonnulls(listing_id, item_id) = 1),
  CHECK (owner_id <> interested_id)
);

CREATE TABLE orchard_messages (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES orchard_conversations(id) ON DELETE CASCADE,
  author_id     uuid REFERENCES users(id) ON DELETE SET NULL,
  body          text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz
);
CREATE INDEX orchard_messages_conv ON orchard_messages (conversation_id, created_at);

CREATE TABLE orchard_reports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id    uuid NOT NULL REFERENCES orchard_listings(id) ON DELETE CASCADE,
  reporter_id   uuid REFERENCES users(id) ON DELETE SET NULL,
  reason        text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  resolved_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  resolution    text CHECK (resolution IN ('hidden','dismissed'))
);
CREATE INDEX orchard_reports_open ON orchard_reports (created_at) WHERE resolved_at IS NULL;
