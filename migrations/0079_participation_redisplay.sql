-- Public participation (issue 18): a repeated display (erneute Auslegung, § 4a Abs. 3 BauGB) as a phase of its own
-- kind 'redisplay' with the reason staff gave for it. Statements of that phase keep their phase_id, so they stay
-- apart from the first display's; the period trigger (ADR 0033) applies unchanged.
ALTER TABLE participation_phases DROP CONSTRAINT participation_phases_kind_check;
ALTER TABLE participation_phases ADD CONSTRAINT participation_phases_kind_check CHECK (kind IN ('early', 'display', 'redisplay'));
ALTER TABLE participation_phases ADD COLUMN reason text CHECK (reason IS NULL OR length(reason) <= 2000);
ALTER TABLE participation_phases ADD CONSTRAINT participation_phases_redisplay_reason CHECK ((kind = 'redisplay') = (reason IS NOT NULL));
