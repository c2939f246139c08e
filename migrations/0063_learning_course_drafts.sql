-- Issue 20: the Lernredaktion edits a course in the browser. One draft per course, a copy of the newest published
-- version's content (or of the folder when none is published) that is changed field by field and then published
-- as a new immutable version (learning_course_versions). `revision` counts saves, so two editors cannot silently
-- overwrite each other (a save names the revision it was made on).
CREATE TABLE learning_course_drafts (
  slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,60}$'),
  content     jsonb NOT NULL,
  revision    integer NOT NULL DEFAULT 1,
  created_by  uuid,
  updated_by  uuid,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
