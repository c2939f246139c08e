-- Figures (issue 22, ADR 0037): monthly roll-ups of the portal's own events, refreshed by the job
-- "figures-rollup" (current and previous month) or rebuilt in full. Counts only, never a person.
-- service: LeiKa key or "form:<id>" ('' = all services); ags: municipality ('' = all, '-' = none known).
CREATE TABLE figures_monthly (
  service text NOT NULL,
  ags     text NOT NULL,
  month   date NOT NULL CHECK (extract(day FROM month) = 1),
  metric  text NOT NULL,
  value   double precision NOT NULL,
  PRIMARY KEY (service, ags, month, metric)
);
CREATE INDEX figures_monthly_month ON figures_monthly (month);

-- The services that occur in the roll-up, with their titles (the filter's choices).
CREATE TABLE figures_services (
  key   text PRIMARY KEY,
  title text NOT NULL
);

-- Queries without a hit, normalised, only those asked at least five times (a copy of the search module's aggregate).
CREATE TABLE figures_search_misses (
  query text PRIMARY KEY,
  count integer NOT NULL CHECK (count >= 5)
);

-- Applications received on paper, entered by the offices per month (for the online share).
CREATE TABLE figures_paper_counts (
  service    text NOT NULL,
  ags        text NOT NULL DEFAULT '',
  month      date NOT NULL CHECK (extract(day FROM month) = 1),
  count      integer NOT NULL CHECK (count BETWEEN 0 AND 1000000),
  entered_by uuid,
  entered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service, ags, month)
);

-- When the roll-up ran (the page says how fresh it is; the bench reads the durations).
CREATE TABLE figures_refreshes (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('incremental', 'full')),
  from_month  date NOT NULL,
  rows        integer NOT NULL,
  duration_ms integer NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
