-- Issue 21 (session 25).
-- News images are re-encoded by the platform's image pipeline (JPEG without metadata); besides the picture
-- (≤ 1600 px) a thumbnail (≤ 400 px) is kept for lists and search results. Items published before have none.
ALTER TABLE pwa_news ADD COLUMN image_thumb_file_id uuid REFERENCES files(id);
ALTER TABLE pwa_news ADD CONSTRAINT pwa_news_image_thumb_with_image CHECK (image_thumb_file_id IS NULL OR image_file_id IS NOT NULL);
