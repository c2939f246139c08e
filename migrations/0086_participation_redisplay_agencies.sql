-- Public participation (issue 18): a repeated display (erneute Auslegung, § 4a Abs. 3 BauGB) invites the agencies
-- consulted before once more, each with a new link and the repeated display's last day as deadline. Such an
-- invitation names its phase (phase_id); NULL is an invitation of the first round. A released statement of the first
-- round stays final (0041), so the new round is a row of its own; a listed agency is invited at most once per round.
ALTER TABLE participation_agency_invitations
  ADD COLUMN phase_id uuid REFERENCES participation_phases(id) ON DELETE CASCADE;
DROP INDEX participation_agency_invitations_listed;
CREATE UNIQUE INDEX participation_agency_invitations_listed ON participation_agency_invitations
  (procedure_id, agency_id, coalesce(phase_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE agency_id IS NOT NULL;
