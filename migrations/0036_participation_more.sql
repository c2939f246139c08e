-- Public participation, second slice (issue 18): the XPlanGML 6.0 plan of a procedure. Staff upload it; only a
-- plan that passed the XPlanGML 6.0.2 XSDs is stored (the check runs before the insert). One plan per
-- procedure; a new upload replaces it. The area and the land-use areas are kept as GeoJSON in WGS84 for the
-- map (null / [] when the reference system is not supported). See docs/modules/participation.md, ADR 0043.

CREATE TABLE participation_plans (
  procedure_id  uuid PRIMARY KEY REFERENCES participation_procedures(id) ON DELETE CASCADE,
  plan_type     text NOT NULL CHECK (plan_type ~ '^(BP|FP|RP|LP|SO)_Plan$'),
  name          text NOT NULL CHECK (length(name) <= 300),
  ags           text CHECK (ags ~ '^[0-9]{8}$'),
  srs           text,
  area          jsonb,
  land_uses     jsonb NOT NULL DEFAULT '[]',
  -- The document as uploaded (UTF-8), offered for download, and its SHA-256.
  gml           text NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
