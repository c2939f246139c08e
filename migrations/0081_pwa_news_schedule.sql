-- Municipal news (issue 21): items can be scheduled for a later time and edited.
-- announced_at: when the item became visible (the job "pwa-news-due" sets it for scheduled items and tells
-- the search index); null while scheduled. edited_at: last edit by the Redaktion.
ALTER TABLE pwa_news ADD COLUMN announced_at timestamptz;
ALTER TABLE pwa_news ADD COLUMN edited_at timestamptz;
UPDATE pwa_news SET announced_at = published_at WHERE published_at <= now();
CREATE INDEX pwa_news_scheduled ON pwa_news (published_at) WHERE announced_at IS NULL AND withdrawn_at IS NULL;
