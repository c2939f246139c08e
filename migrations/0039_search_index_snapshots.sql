-- The search index as built for one catalogue version and one version of the analysis code (ADR 0046):
-- a node that starts, or sees the version move, loads it instead of analysing ~5,000 documents again.
-- A cache: deleting every row is always safe (the next node rebuilds and stores it again).
CREATE TABLE search_index_snapshots (
  key text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  data bytea NOT NULL
);
