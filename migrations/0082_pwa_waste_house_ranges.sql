-- Waste calendar (issue 21): a long street is often collected on different days by house-number range
-- (Hauptstraße 1–49 / 51–99, or odd and even sides). A row of pwa_waste_streets is now a street or one
-- section of it: house_from/house_to (inclusive, either may be open) and parity (odd/even/NULL = both).
ALTER TABLE pwa_waste_streets ADD COLUMN house_from integer CHECK (house_from > 0);
ALTER TABLE pwa_waste_streets ADD COLUMN house_to integer CHECK (house_to > 0);
ALTER TABLE pwa_waste_streets ADD COLUMN parity text CHECK (parity IN ('odd', 'even'));
ALTER TABLE pwa_waste_streets ADD CONSTRAINT pwa_waste_streets_range CHECK (house_from IS NULL OR house_to IS NULL OR house_from <= house_to);
ALTER TABLE pwa_waste_streets DROP CONSTRAINT pwa_waste_streets_ags_street_key;
CREATE UNIQUE INDEX pwa_waste_streets_section ON pwa_waste_streets (ags, street, coalesce(house_from, 0), coalesce(house_to, 0), coalesce(parity, ''));
