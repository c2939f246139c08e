-- Issue 17: a role for the counsellors of the care support points (Pflegestützpunkt). Staff accounts with
-- 'care_counsellor' send requests on behalf of families (care_requests.counsellor_id) and record counselling
-- contacts (care_counselling_notes), each visible only to the counsellor who made it.

ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check CHECK (role IN ('admin', 'member', 'editor', 'care_counsellor'));

ALTER TABLE care_requests ADD COLUMN counsellor_id uuid REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX care_requests_counsellor ON care_requests (counsellor_id, created_at DESC) WHERE counsellor_id IS NOT NULL;

-- A counselling contact: where the family lives, which kind of care, how (phone, in person, home visit,
-- e-mail), a short note (no name field: the note is the counsellor's; personal data only as far as needed),
-- optionally the request sent for it. Deleted with the request by the retention job (CASCADE).
CREATE TABLE care_counselling_notes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  counsellor_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  request_id    uuid REFERENCES care_requests(id) ON DELETE CASCADE,
  ags           text NOT NULL CHECK (ags ~ '^[0-9]{8}$'),
  kind          text,
  channel       text NOT NULL CHECK (channel IN ('telefon', 'vor-ort', 'hausbesuch', 'e-mail')),
  note          text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX care_counselling_notes_counsellor ON care_counselling_notes (counsellor_id, created_at DESC);
