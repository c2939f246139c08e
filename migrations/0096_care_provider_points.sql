-- Issue 17: a provider's own location (WGS 84), geocoded from its address when a geocoder is configured
-- (GEOCODER_URL, Nominatim search API). Without it the provider stands at its municipality's centre, as before.
ALTER TABLE care_providers
  ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),
  ADD COLUMN lon double precision CHECK (lon BETWEEN -180 AND 180),
  ADD CONSTRAINT care_providers_point_whole CHECK ((lat IS NULL) = (lon IS NULL));
