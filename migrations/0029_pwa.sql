-- The portal as an app (issue 21, module "pwa"): Web Push subscriptions with per-topic opt-in, the push
-- queue, the shared VAPID key pair (development: generated once so all nodes sign alike), and the waste
-- collection calendar per street.

-- Key/value settings of the module (only the VAPID key pair today; production sets VAPID_* instead).
CREATE TABLE pwa_settings (
  key        text PRIMARY KEY CHECK (key ~ '^[a-z_]{1,40}$'),
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The topics a person wants pushes for (same for all of their browsers).
CREATE TABLE pwa_push_preferences (
  user_id    uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  topics     text[] NOT NULL DEFAULT '{}' CHECK (topics <@ ARRAY['cases','mailbox','appointments','waste','roadworks']::text[]),
  -- Street of the waste calendar for the eve reminder (topic "waste").
  waste_street_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One browser's push subscription (endpoint and its keys from PushSubscription.toJSON()).
CREATE TABLE pwa_push_subscriptions (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint   text NOT NULL UNIQUE CHECK (endpoint ~ '^https?://' AND length(endpoint) <= 1000),
  p256dh     text NOT NULL CHECK (p256dh ~ '^[A-Za-z0-9_-]{40,200}$'),
  auth       text NOT NULL CHECK (auth ~ '^[A-Za-z0-9_-]{16,64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sent_at timestamptz
);
CREATE INDEX pwa_push_subscriptions_user ON pwa_push_subscriptions (user_id);

-- Pushes waiting to go out (job pwa-push-send): the text is generic, the details only after login.
CREATE TABLE pwa_push_queue (
  id              bigserial PRIMARY KEY,
  subscription_id uuid NOT NULL REFERENCES pwa_push_subscriptions(id) ON DELETE CASCADE,
  topic           text NOT NULL,
  -- Idempotence of event subscribers and the eve job: one push per subscription and cause.
  dedupe_key      text NOT NULL,
  url             text NOT NULL CHECK (url ~ '^/'),
  attempts        int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, dedupe_key)
);
CREATE INDEX pwa_push_queue_due ON pwa_push_queue (next_attempt_at) WHERE sent_at IS NULL;

-- Waste calendar: streets per municipality and their collection dates (imported from ICS/CSV exports).
CREATE TABLE pwa_waste_streets (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ags        text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  street     text NOT NULL CHECK (length(street) BETWEEN 1 AND 200),
  -- Demo streets (DEMO_DATA=true) have invented dates and are marked on every page.
  is_demo    boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (ags, street)
);

CREATE TABLE pwa_waste_dates (
  street_id  uuid NOT NULL REFERENCES pwa_waste_streets(id) ON DELETE CASCADE,
  day        date NOT NULL,
  fraction   text NOT NULL CHECK (fraction IN ('rest','bio','papier','gelb','gruen','schadstoff')),
  PRIMARY KEY (street_id, day, fraction)
);
CREATE INDEX pwa_waste_dates_day ON pwa_waste_dates (day);

ALTER TABLE pwa_push_preferences ADD CONSTRAINT pwa_push_preferences_street FOREIGN KEY (waste_street_id) REFERENCES pwa_waste_streets(id) ON DELETE SET NULL;

-- Municipal news (Redaktion): short items of a municipality (ags) or of the county (ags NULL).
CREATE TABLE pwa_news (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ags          text CHECK (ags ~ '^[0-9]{8}$'),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
  published_at timestamptz NOT NULL DEFAULT now(),
  -- Withdrawn items disappear from pages, feeds and search (kept for the audit trail).
  withdrawn_at timestamptz,
  author_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  is_demo      boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pwa_news_place ON pwa_news (ags, published_at DESC) WHERE withdrawn_at IS NULL;
CREATE UNIQUE INDEX pwa_news_demo_title ON pwa_news (title) WHERE is_demo;

-- The staff role "Redaktion": who may publish news, for one municipality or (ags NULL) the county.
-- Admins may publish everywhere and keep this list.
CREATE TABLE pwa_news_editors (
  user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  ags        text CHECK (ags ~ '^[0-9]{8}$'),
  granted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pwa_news_editors_unique ON pwa_news_editors (user_id, coalesce(ags, ''));
