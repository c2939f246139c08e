-- Orchard exchange (issue 16): photos of listings and an optional map point (ADR 0047).
-- The exact point (lat, lon) is the owner's; the public sees only grid_lat/grid_lon, the centre of its
-- ~1 km grid cell (0.01° × 0.015°), computed when the point is saved.
ALTER TABLE orchard_listings
  ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),
  ADD COLUMN lon double precision CHECK (lon BETWEEN -180 AND 180),
  ADD COLUMN grid_lat double precision,
  ADD COLUMN grid_lon double precision,
  ADD CONSTRAINT orchard_listings_point_whole CHECK ((lat IS NULL) = (lon IS NULL) AND (lat IS NULL) = (grid_lat IS NULL) AND (grid_lat IS NULL) = (grid_lon IS NULL));

-- Photos: the resized picture (≤ 1600 px) and its thumbnail (≤ 400 px), both re-encoded JPEGs without
-- any metadata, kept in the platform's file store (files rows, retain_until NULL while a photo holds them).
CREATE TABLE orchard_photos (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  listing_id    uuid NOT NULL REFERENCES orchard_listings(id) ON DELETE CASCADE,
  file_id       uuid NOT NULL REFERENCES files(id),
  thumb_file_id uuid NOT NULL REFERENCES files(id),
  alt           text NOT NULL CHECK (char_length(alt) BETWEEN 1 AND 300),
  width         integer NOT NULL,
  height        integer NOT NULL,
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orchard_photos_listing ON orchard_photos (listing_id, created_at);
