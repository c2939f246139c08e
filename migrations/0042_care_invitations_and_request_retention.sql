-- Pflegebörse, issue 17 third slice (ADR 0049): invitations can be revoked by county staff; requests can be
-- withdrawn by their requester and are deleted a retention period after they closed (withdrawn, or the
-- date needed passed).

ALTER TABLE care_invitations
  ADD COLUMN revoked_at timestamptz,
  ADD COLUMN revoked_by uuid REFERENCES users(id) ON DELETE SET NULL;

ALTER TABLE care_requests
  ADD COLUMN withdrawn_at timestamptz;
