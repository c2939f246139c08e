-- Issue 21 (session 24).
-- The house number a person typed for the waste calendar ("12", "12a", "12/1", "12-14"), kept with the
-- section it was matched to (waste_street_id), so the eve reminder and the next visit use it.
ALTER TABLE pwa_push_preferences ADD COLUMN waste_house_number text CHECK (char_length(waste_house_number) BETWEEN 1 AND 20);

-- An optional image per news item: an upload checked by the platform's file storage (PNG or JPEG by content,
-- decoded completely), its size for the page's layout, and its text alternative (required with an image).
ALTER TABLE pwa_news ADD COLUMN image_file_id uuid REFERENCES files(id);
ALTER TABLE pwa_news ADD COLUMN image_alt text;
ALTER TABLE pwa_news ADD COLUMN image_width integer CHECK (image_width > 0);
ALTER TABLE pwa_news ADD COLUMN image_height integer CHECK (image_height > 0);
ALTER TABLE pwa_news ADD CONSTRAINT pwa_news_image_complete CHECK (
  (image_file_id IS NULL AND image_alt IS NULL AND image_width IS NULL AND image_height IS NULL)
  OR (image_file_id IS NOT NULL AND char_length(btrim(image_alt)) BETWEEN 1 AND 300 AND image_width IS NOT NULL AND image_height IS NOT NULL)
);
