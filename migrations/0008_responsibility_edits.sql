-- Editing responsibilities in the back office (src/modules/responsibility, /verwaltung/zustaendigkeiten).
-- Explicit Zuständigkeit rows get an id (for links and the audit trail) and a creation time.
ALTER TABLE responsibilities
  ADD COLUMN id         uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- A seeded rule that staff switched on/off or annotated: the office import keeps its note (it
-- never touches `active`), and deactivates it instead of deleting it when the files drop its key.
ALTER TABLE responsibility_rules ADD COLUMN edited_by_staff boolean NOT NULL DEFAULT false;
