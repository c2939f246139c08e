-- Audit entries are appended without a global lock (issue 13): the business transaction inserts the entry
-- with its content; a sealing job links committed entries into the hash chain in batches (seq, prev_hash, hash).
-- The only change ever allowed to a row is that one-time sealing of an unsealed entry; content never changes.
ALTER TABLE audit_log ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_sealed_together
  CHECK ((seq IS NULL AND prev_hash IS NULL AND hash IS NULL) OR (seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL));
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE seq IS NULL;

CREATE OR REPLACE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Nested: OLD does not exist in the statement-level TRUNCATE trigger that shares this function.
  IF TG_OP = 'UPDATE' THEN
    IF OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_type = OLD.actor_type
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
     AND NEW.object_type IS NOT DISTINCT FROM OLD.object_type AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id
     AND NEW.details = OLD.details AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id THEN
      RETURN NEW; -- sealing: seq, prev_hash and hash are set once
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
