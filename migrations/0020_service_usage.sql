-- How often a service page was opened, per chosen municipality (AGS, '' = none) and day: the front
-- door's "most requested in your municipality" (issue 24 item 18). Counts only, no personal data.
CREATE TABLE service_usage (
  leika_key text NOT NULL,
  ags text NOT NULL DEFAULT '',
  day date NOT NULL,
  views integer NOT NULL DEFAULT 0 CHECK (views >= 0),
  PRIMARY KEY (leika_key, ags, day)
);
CREATE INDEX service_usage_ags_day ON service_usage (ags, day);
